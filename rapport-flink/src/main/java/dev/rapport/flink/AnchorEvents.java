package dev.rapport.flink;

/**
 * What an anchor's log sends to a customer: events the anchor brings ({@link #retract} false), or
 * the withdrawal of all of the anchor's events from a customer it no longer belongs to.
 */
public class AnchorEvents {
  public String customer;
  public String anchor;
  public boolean retract;
  public FlinkEvent[] events;

  public AnchorEvents() {}

  static AnchorEvents add(String customer, String anchor, FlinkEvent[] events) {
    AnchorEvents a = new AnchorEvents();
    a.customer = customer;
    a.anchor = anchor;
    a.events = events;
    return a;
  }

  static AnchorEvents retract(String customer, String anchor) {
    AnchorEvents a = new AnchorEvents();
    a.customer = customer;
    a.anchor = anchor;
    a.retract = true;
    a.events = new FlinkEvent[0];
    return a;
  }
}
