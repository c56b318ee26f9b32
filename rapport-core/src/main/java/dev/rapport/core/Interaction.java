package dev.rapport.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened between the business and a customer, on one channel: the canonical record
 * every source is mapped to (DESIGN §5). Engaged and unengaged interactions are both first-class: a
 * {@link Kind#TOUCH} with a null outcome is decided when its channel's response window closes.
 *
 * @param eventId unique id; sources without one get {@link EventIds#derive} of the row
 * @param identifiers at least one; all identifiers on one event belong to the same person
 * @param ts when it happened, as a UTC instant
 * @param outcome for touches only; null means "not known yet"
 * @param holdout true when the customer is in the campaign's control group; null when unknown
 * @param value revenue in the workspace currency: positive for purchases, negative for returns
 * @param cost cost to serve this interaction, in the workspace currency
 * @param score survey score (CSAT 1-5, NPS 0-10, CES 1-7); NaN when absent
 */
public record Interaction(
    String eventId,
    List<Identifier> identifiers,
    Instant ts,
    Channel channel,
    Kind kind,
    Outcome outcome,
    String campaign,
    String variant,
    Boolean holdout,
    double value,
    double cost,
    double score,
    String text,
    Map<String, String> attributes) {

  /** The supported range of times: the fold keeps times as unsigned 32-bit epoch seconds. */
  public static final Instant EARLIEST = Instant.EPOCH;

  public static final Instant LATEST = Instant.ofEpochSecond(0xFFFF_FFFFL);

  public Interaction {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(kind, "kind");
    if (eventId.isBlank()) {
      throw new IllegalArgumentException("eventId is blank");
    }
    if (identifiers == null || identifiers.isEmpty()) {
      throw new IllegalArgumentException("event " + eventId + " has no identifier");
    }
    identifiers = List.copyOf(identifiers);
    long second = ts.getEpochSecond();
    if (second < EARLIEST.getEpochSecond() || second > LATEST.getEpochSecond()) {
      throw new IllegalArgumentException(
          "event " + eventId + ": time " + ts + " is outside the supported years 1970-2106");
    }
    if (outcome != null && kind != Kind.TOUCH) {
      throw new IllegalArgumentException(
          "event " + eventId + ": outcome " + outcome.id() + " is only allowed on touches");
    }
    if (!Double.isFinite(value) || !Double.isFinite(cost)) {
      throw new IllegalArgumentException(
          "event " + eventId + ": value and cost must be finite, got " + value + ", " + cost);
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    noNul(eventId, "event_id", eventId);
    noNul(eventId, "campaign", campaign);
    noNul(eventId, "variant", variant);
    noNul(eventId, "text", text);
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      noNul(eventId, "attributes", a.getKey());
      noNul(eventId, "attributes." + a.getKey(), a.getValue());
    }
  }

  /**
   * Refuses U+0000 (NUL) in text: PostgreSQL's text type cannot hold it, and a store that could
   * would give an event the other store refuses. Real exports hold it only by corruption.
   */
  private static void noNul(String eventId, String field, String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "event "
              + eventId.replace("\0", "\\u0000")
              + ": field "
              + field.replace("\0", "\\u0000")
              + " holds U+0000 (NUL), which no store can keep");
    }
  }

  /** A minimal builder-free factory for tests and generators. */
  public static Interaction of(
      String eventId, Identifier id, Instant ts, Channel channel, Kind kind, Outcome outcome) {
    return new Interaction(
        eventId,
        List.of(id),
        ts,
        channel,
        kind,
        outcome,
        null,
        null,
        null,
        0.0,
        0.0,
        Double.NaN,
        null,
        Map.of());
  }

  /** A copy with another event id. */
  public Interaction withEventId(String newEventId) {
    return new Interaction(
        newEventId,
        identifiers,
        ts,
        channel,
        kind,
        outcome,
        campaign,
        variant,
        holdout,
        value,
        cost,
        score,
        text,
        attributes);
  }

  /** A copy with another value. */
  public Interaction withValue(double newValue) {
    return new Interaction(
        eventId,
        identifiers,
        ts,
        channel,
        kind,
        outcome,
        campaign,
        variant,
        holdout,
        newValue,
        cost,
        score,
        text,
        attributes);
  }

  public boolean hasScore() {
    return !Double.isNaN(score);
  }
}
