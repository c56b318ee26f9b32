package dev.rapport.core.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One move between lifecycle stages.
 *
 * @param from the stage left; null for the first stage a customer enters
 * @param to the stage entered
 * @param at when: the causing event's time, or the moment a silence rule fell due
 * @param cause what caused it, in words (e.g. "first purchase", "no engaged activity for 92 days, 3
 *     x the usual gap of 30.7 days")
 * @param eventId the event that caused it; null for transitions caused by the passing of time, or
 *     when the engine was not asked to keep event ids
 * @param reactivation true for a return from disengaged or churned
 */
public record StageTransition(
    Stage from, Stage to, Instant at, String cause, String eventId, boolean reactivation) {
  public StageTransition {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cause, "cause");
    if (from == to) {
      throw new IllegalArgumentException("a transition must change the stage, got " + to);
    }
  }
}
