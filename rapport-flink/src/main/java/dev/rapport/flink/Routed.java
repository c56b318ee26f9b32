package dev.rapport.flink;

/**
 * What the {@link Resolver} sends to the anchor an event belongs to: the event, routed to the
 * anchor's customer ({@link #event} set), or a reassignment of the anchor from one customer to
 * another after a merge ({@link #event} null). Keyed by {@link #anchor}: both kinds for one anchor
 * travel on one channel, in the order the resolver decided them.
 */
public class Routed {
  /** The anchor identifier, {@code type:value}. */
  public String anchor;

  /** The customer the anchor belongs to now. */
  public String customer;

  /** For a reassignment: the customer the anchor belonged to; else null. */
  public String from;

  /**
   * For an event: the event, in the form the fold reads (the identifiers were the resolver's
   * business); else null.
   */
  public FoldEvent event;

  public Routed() {}

  static Routed event(String anchor, String customer, FoldEvent event) {
    Routed r = new Routed();
    r.anchor = anchor;
    r.customer = customer;
    r.event = event;
    return r;
  }

  static Routed reassign(String anchor, String from, String to) {
    Routed r = new Routed();
    r.anchor = anchor;
    r.from = from;
    r.customer = to;
    return r;
  }
}
