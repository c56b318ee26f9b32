package dev.rapport.flink;

/**
 * What an anchor's log sends to a customer: a new event of the anchor; all of the anchor's events,
 * in place of any held ({@link #replace}, when the anchor joins the customer); or the withdrawal of
 * all of them ({@link #retract}) from a customer the anchor left.
 */
public class AnchorEvents {
  public String customer;
  public String anchor;
  public boolean retract;
  public boolean replace;
  public FoldEvent[] events;

  public AnchorEvents() {}

  static AnchorEvents add(String customer, String anchor, FoldEvent[] events) {
    AnchorEvents a = new AnchorEvents();
    a.customer = customer;
    a.anchor = anchor;
    a.events = events;
    return a;
  }

  static AnchorEvents replace(String customer, String anchor, FoldEvent[] events) {
    AnchorEvents a = add(customer, anchor, events);
    a.replace = true;
    return a;
  }

  static AnchorEvents retract(String customer, String anchor) {
    AnchorEvents a = new AnchorEvents();
    a.customer = customer;
    a.anchor = anchor;
    a.retract = true;
    a.events = new FoldEvent[0];
    return a;
  }
}
