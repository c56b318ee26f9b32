package dev.rapport.core.config;

import dev.rapport.core.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * When not to engage, and how much: the frequency caps, quiet hours and consent rule the next best
 * action respects.
 *
 * @param capWindow the window the caps count touches in
 * @param capPerChannel at most this many touches per channel within the window
 * @param capOverall at most this many touches over all channels within the window
 * @param quietFrom start of the quiet hours (hour of day, business time zone)
 * @param quietTo end of the quiet hours (exclusive); from 21 to 8 means 21:00-07:59
 * @param requireExplicitConsent when true only channels with a consent grant may be used; when
 *     false, channels the customer has been reached or active on may be used unless they withdrew
 * @param fatigueStreak this many touches ignored in a row means rest: no contact (0: off)
 * @param purchaseShareOfResponses the share of engaged responses expected to lead to a purchase,
 *     for weighing a channel's response chance against its cost
 */
public record ContactSettings(
    Duration capWindow,
    Map<Channel, Integer> capPerChannel,
    int capOverall,
    int quietFrom,
    int quietTo,
    boolean requireExplicitConsent,
    int fatigueStreak,
    double purchaseShareOfResponses) {

  public ContactSettings {
    if (capWindow.isNegative() || capWindow.isZero()) {
      throw new IllegalArgumentException("contact.cap_window must be positive");
    }
    EnumMap<Channel, Integer> all = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      Integer cap = capPerChannel.get(c);
      if (cap == null || cap < 0) {
        throw new IllegalArgumentException("contact.caps." + c.id() + " must be a count >= 0");
      }
      all.put(c, cap);
    }
    capPerChannel = Map.copyOf(all);
    if (capOverall < 0) {
      throw new IllegalArgumentException("contact.cap_overall must be >= 0");
    }
    if (quietFrom < 0 || quietFrom > 23 || quietTo < 0 || quietTo > 23) {
      throw new IllegalArgumentException("contact.quiet_hours must be hours 0-23");
    }
    if (fatigueStreak < 0) {
      throw new IllegalArgumentException("contact.fatigue_streak must be >= 0");
    }
    if (!(purchaseShareOfResponses >= 0 && purchaseShareOfResponses <= 1)) {
      throw new IllegalArgumentException("contact.purchase_share_of_responses must be in 0-1");
    }
  }

  public int cap(Channel c) {
    return capPerChannel.get(c);
  }

  /** True when a local hour of day falls in the quiet hours. */
  public boolean isQuiet(int hour) {
    return quietFrom <= quietTo
        ? hour >= quietFrom && hour < quietTo
        : hour >= quietFrom || hour < quietTo;
  }

  public static ContactSettings defaults() {
    Map<Channel, Integer> caps = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      caps.put(c, 2);
    }
    caps.put(Channel.EMAIL, 3);
    caps.put(Channel.PUSH, 3);
    caps.put(Channel.PHONE, 1);
    caps.put(Channel.MAIL, 1);
    return new ContactSettings(Duration.ofDays(7), caps, 5, 21, 8, false, 8, 0.1);
  }
}
