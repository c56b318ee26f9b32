package dev.rapport.flink;

/**
 * A trigger rule fired for a customer (the {@code triggers:} of {@code rapport.yaml}, as {@code
 * rapport serve} fires them to webhooks): which rule, what fired it, and a delivery id made of the
 * rule, the customer and the cause, the same for the same cause, so a consumer can drop a repeat.
 */
public class Trigger {
  public String rule;
  public String customerId;

  /** {@code stage}, {@code event} or {@code silence}. */
  public String on;

  /** In words: the stage entered, the event, or the silence. */
  public String cause;

  /** When it was due, in event time. */
  public long atSecond;

  public String deliveryId;

  public Trigger() {}

  static Trigger of(String rule, String customerId, String on, String why, String cause, long at) {
    Trigger t = new Trigger();
    t.rule = rule;
    t.customerId = customerId;
    t.on = on;
    t.cause = cause;
    t.atSecond = at;
    t.deliveryId = rule + "|" + customerId + "|" + why;
    return t;
  }

  @Override
  public String toString() {
    return deliveryId + " at " + atSecond + ": " + cause;
  }
}
