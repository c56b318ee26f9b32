package dev.rapport.core.journey;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;

/**
 * The touchpoints of a journey: every interaction between the business and a customer on the way to
 * a purchase, named by channel and kind ("email touch", "web response", "support ticket"). A
 * touchpoint is a small int, {@code channel × kinds + kind}, so that paths pack into bytes and
 * transition counts into a square array.
 *
 * <p>Not touchpoints: purchases (they are the conversion), consent records (paperwork, not
 * contact), and an agent's reply to or resolution of a ticket (the customer's opening of it is the
 * touchpoint). Touches count whatever their outcome: an ignored email is still an exposure, and the
 * Markov model is what tells an exposure that leads somewhere from one that does not.
 */
public final class Touchpoints {
  private static final int KINDS = Kind.values().length;

  /** How many touchpoint codes there are (some never occur, e.g. store purchase). */
  public static final int COUNT = Channel.values().length * KINDS;

  private Touchpoints() {}

  /** The touchpoint of an event, or -1 when the event is not one. */
  public static int of(Channel channel, Kind kind, EventDetail detail) {
    if (kind == Kind.PURCHASE || kind == Kind.CONSENT || detail.isAgentAction()) {
      return -1;
    }
    return channel.ordinal() * KINDS + kind.ordinal();
  }

  public static Channel channel(int touchpoint) {
    return Channel.ofOrdinal(touchpoint / KINDS);
  }

  public static Kind kind(int touchpoint) {
    return Kind.ofOrdinal(touchpoint % KINDS);
  }

  /** "email touch", "web response", "support ticket". */
  public static String label(int touchpoint) {
    return channel(touchpoint).id() + " " + kind(touchpoint).id();
  }
}
