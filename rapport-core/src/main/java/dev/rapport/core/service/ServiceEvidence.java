package dev.rapport.core.service;

/**
 * One customer's service and feedback history as of a snapshot (DESIGN §6: surveys, last CSAT and
 * NPS; tickets with first-response and resolution times), for the churn model's features, the cost
 * to serve and the customer table.
 *
 * @param ticketsOpened tickets the customer opened
 * @param ticketsOpen of those, not resolved by the snapshot
 * @param ticketsAnswered tickets that got a first agent action (reply or resolution)
 * @param firstResponseSeconds the sum of their times from opening to that first action
 * @param ticketsResolved tickets resolved
 * @param resolutionSeconds the sum of their times from opening to resolution
 * @param surveys survey answers of any scale
 * @param lastCsat the latest CSAT score (1-5), NaN if none
 * @param lastNps the latest NPS score (0-10), NaN if none
 * @param lastCes the latest CES score (1-7), NaN if none
 */
public record ServiceEvidence(
    int ticketsOpened,
    int ticketsOpen,
    int ticketsAnswered,
    long firstResponseSeconds,
    int ticketsResolved,
    long resolutionSeconds,
    int surveys,
    float lastCsat,
    float lastNps,
    float lastCes) {

  /** Mean hours from a ticket's opening to the first agent action; NaN without one. */
  public double meanFirstResponseHours() {
    return ticketsAnswered == 0 ? Double.NaN : firstResponseSeconds / 3600.0 / ticketsAnswered;
  }

  /** Mean hours from a ticket's opening to its resolution; NaN without one. */
  public double meanResolutionHours() {
    return ticketsResolved == 0 ? Double.NaN : resolutionSeconds / 3600.0 / ticketsResolved;
  }
}
