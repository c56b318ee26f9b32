package dev.rapport.analytics.nba;

import dev.rapport.core.Channel;

/**
 * What to do next with a customer, and why.
 *
 * @param contact false when the best action is to leave them alone
 * @param channel the channel to use; null without contact
 * @param theme the message theme (e.g. win-back, onboarding); null without contact
 * @param hourOfWeek when: hour of the week in the business time zone (0 = Monday 00:00); -1 without
 *     contact
 * @param reason the decision in words
 */
public record NextBestAction(
    boolean contact, Channel channel, String theme, int hourOfWeek, String reason) {

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  public static NextBestAction none(String reason) {
    return new NextBestAction(false, null, null, -1, reason);
  }

  /** E.g. {@code Tue 18:00}; empty without contact. */
  public String time() {
    return hourOfWeek < 0 ? "" : DAYS[hourOfWeek / 24] + String.format(" %02d:00", hourOfWeek % 24);
  }
}
