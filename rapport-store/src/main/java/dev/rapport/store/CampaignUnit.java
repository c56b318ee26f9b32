package dev.rapport.store;

import java.time.Instant;

/**
 * One customer's place in one campaign, and what they did in the measurement window after it: the
 * unit of a campaign's lift measurement ({@link Store#campaignUnits}).
 *
 * @param campaign the campaign's name
 * @param customerId the customer, as resolved by the latest analysis
 * @param assigned the customer's first touch (sent or held out) of the campaign
 * @param heldOut the customer has a {@code holdout=true} touch of the campaign
 * @param sent the customer has a touch of the campaign that was sent (holdout false or absent)
 * @param variant the variant of the customer's first touch of the campaign; null when none
 * @param responded a {@code response} of the customer, on any channel, in the window
 * @param converted a {@code purchase} of the customer in the window
 * @param revenue purchases less returns of the customer in the window
 * @param windowComplete the window ends before the last stored event: the outcome is fully seen
 */
public record CampaignUnit(
    String campaign,
    String customerId,
    Instant assigned,
    boolean heldOut,
    boolean sent,
    String variant,
    boolean responded,
    boolean converted,
    double revenue,
    boolean windowComplete) {

  /** Both held out and sent: the assignment was broken, and the unit belongs to neither arm. */
  public boolean contaminated() {
    return heldOut && sent;
  }
}
