package dev.rapport.core.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One move between lifecycle stages.
 *
 * <p>A value class rather than a record so that the engine can record the cause as a recipe and
 * write it out only when asked: a million customers make several million transitions, and
 * formatting every cause eagerly cost more than the rest of the lifecycle.
 */
public final class StageTransition {
  private final Stage from;
  private final Stage to;
  private final long at;
  private final Object cause; // a String, or a Supplier<String> evaluated on demand
  private final String eventId;
  private final boolean reactivation;

  /**
   * @param from the stage left; null for the first stage a customer enters
   * @param to the stage entered
   * @param at when: the causing event's time, or the moment a silence rule fell due
   * @param cause what caused it, in words (e.g. "first purchase", "no engaged activity for 92 days
   *     (3 x the usual gap of 30.7 days)")
   * @param eventId the event that caused it; null for transitions caused by the passing of time, or
   *     when the engine was not asked to keep event ids
   * @param reactivation true for a return from disengaged or churned
   */
  public StageTransition(
      Stage from, Stage to, Instant at, String cause, String eventId, boolean reactivation) {
    this(
        from,
        to,
        Objects.requireNonNull(at, "at").getEpochSecond(),
        (Object) cause,
        eventId,
        reactivation);
  }

  /** A transition whose cause is put into words only when read. */
  StageTransition(
      Stage from,
      Stage to,
      long atSecond,
      Supplier<String> cause,
      String eventId,
      boolean reactivation) {
    this(from, to, atSecond, (Object) cause, eventId, reactivation);
  }

  private StageTransition(
      Stage from, Stage to, long at, Object cause, String eventId, boolean reactivation) {
    this.from = from;
    this.to = Objects.requireNonNull(to, "to");
    this.at = at;
    this.cause = Objects.requireNonNull(cause, "cause");
    this.eventId = eventId;
    this.reactivation = reactivation;
    if (from == to) {
      throw new IllegalArgumentException("a transition must change the stage, got " + to);
    }
  }

  public Stage from() {
    return from;
  }

  public Stage to() {
    return to;
  }

  public Instant at() {
    return Instant.ofEpochSecond(at);
  }

  /** The time as epoch seconds. */
  public long atSecond() {
    return at;
  }

  @SuppressWarnings("unchecked")
  public String cause() {
    return cause instanceof String ? (String) cause : ((Supplier<String>) cause).get();
  }

  public String eventId() {
    return eventId;
  }

  public boolean reactivation() {
    return reactivation;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StageTransition)) {
      return false;
    }
    StageTransition t = (StageTransition) o;
    return from == t.from
        && to == t.to
        && at == t.at
        && reactivation == t.reactivation
        && Objects.equals(eventId, t.eventId)
        && cause().equals(t.cause());
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, at, eventId, reactivation);
  }

  @Override
  public String toString() {
    return (from == null ? "" : from.id() + " -> ")
        + to.id()
        + " at "
        + at()
        + ": "
        + cause()
        + (eventId == null ? "" : " (event " + eventId + ")")
        + (reactivation ? " [reactivation]" : "");
  }
}
