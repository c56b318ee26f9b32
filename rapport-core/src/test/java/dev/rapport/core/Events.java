package dev.rapport.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Terse event factories for tests. */
public final class Events {
  private static final AtomicLong SEQ = new AtomicLong();

  private Events() {}

  public static Instant day(int d) {
    return Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86_400L * d);
  }

  public static Instant at(int d, int hour) {
    return day(d).plusSeconds(3600L * hour);
  }

  public static Interaction event(
      String customer, Instant ts, Channel ch, Kind kind, Outcome outcome, double value) {
    return new Interaction(
        "t" + SEQ.incrementAndGet(),
        List.of(Identifier.of(Identifier.CUSTOMER_ID, customer)),
        ts,
        ch,
        kind,
        outcome,
        null,
        null,
        null,
        value,
        0,
        Double.NaN,
        null,
        Map.of());
  }

  public static Interaction touch(String customer, Instant ts, Channel ch) {
    return event(customer, ts, ch, Kind.TOUCH, null, 0);
  }

  public static Interaction response(String customer, Instant ts, Channel ch) {
    return event(customer, ts, ch, Kind.RESPONSE, null, 0);
  }

  public static Interaction purchase(String customer, Instant ts, double value) {
    return event(customer, ts, Channel.WEB, Kind.PURCHASE, null, value);
  }

  public static Interaction withIds(String eventId, Instant ts, Kind kind, Identifier... ids) {
    return new Interaction(
        eventId,
        List.of(ids),
        ts,
        Channel.WEB,
        kind,
        null,
        null,
        null,
        null,
        0,
        0,
        Double.NaN,
        null,
        Map.of());
  }
}
