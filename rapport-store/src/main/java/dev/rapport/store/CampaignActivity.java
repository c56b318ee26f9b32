package dev.rapport.store;

import java.time.Instant;

/**
 * What a campaign did, as activity counts: the figures a campaign dashboard usually stops at, and
 * which say nothing about whether the campaign changed behaviour ({@link Store#campaignActivity}).
 *
 * @param campaign the campaign's name
 * @param touches touches sent (holdout false or absent)
 * @param heldOut touches recorded for held-out customers (holdout true): assignments, not sends
 * @param customers distinct customers with a touch of the campaign, sent or held out
 * @param responses {@code response} events carrying the campaign's name
 * @param purchases {@code purchase} events carrying the campaign's name
 * @param first the campaign's first touch
 * @param last the campaign's last touch
 */
public record CampaignActivity(
    String campaign,
    long touches,
    long heldOut,
    long customers,
    long responses,
    long purchases,
    Instant first,
    Instant last) {

  /** Responses carrying the campaign per touch sent: the usual, attribution-based "rate". */
  public double attributedResponseRate() {
    return touches == 0 ? Double.NaN : (double) responses / touches;
  }

  public boolean hasHoldout() {
    return heldOut > 0;
  }
}
