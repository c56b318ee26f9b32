package dev.rapport.flink;

import dev.rapport.core.lifecycle.StageTransition;

/**
 * One lifecycle transition the job saw first, for consumers of the transitions topic: a customer
 * entered a stage, when, why, and which event caused it. Emitted once per transition (a replay
 * after a restart emits it again only if the transaction that carried it was not committed).
 */
public class Transition {
  public String customerId;

  /** The transition's position in the customer's lifecycle, from 0. */
  public int seq;

  /** The stage left; null for the first. */
  public String from;

  public String to;
  public long atSecond;
  public String cause;
  public String eventId;
  public boolean reactivation;

  /** The end of observation of the fold that found it. */
  public long seenAsOfSecond;

  public Transition() {}

  static Transition of(String customerId, int seq, StageTransition t, long seenAsOfSecond) {
    Transition x = new Transition();
    x.customerId = customerId;
    x.seq = seq;
    x.from = t.from() == null ? null : t.from().id();
    x.to = t.to().id();
    x.atSecond = t.atSecond();
    x.cause = t.cause();
    x.eventId = t.eventId();
    x.reactivation = t.reactivation();
    x.seenAsOfSecond = seenAsOfSecond;
    return x;
  }

  @Override
  public String toString() {
    return customerId
        + " #"
        + seq
        + " "
        + from
        + " -> "
        + to
        + " at "
        + atSecond
        + ": "
        + cause
        + " (seen at "
        + seenAsOfSecond
        + ")";
  }
}
