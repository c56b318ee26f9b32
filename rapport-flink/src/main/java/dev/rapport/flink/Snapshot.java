package dev.rapport.flink;

import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;

/**
 * A customer as the job last folded them, at the end of observation {@link #asOfSecond}: their
 * profile and lifecycle, encoded ({@link SnapshotCodec}), or none when the customer no longer
 * exists because every anchor of theirs moved to another customer (a merge).
 */
public class Snapshot {
  public String customerId;
  public long asOfSecond;
  public int events;

  /** The profile and lifecycle; null for a customer merged away. */
  public byte[] fold;

  public Snapshot() {}

  static Snapshot of(String customerId, long asOfSecond, int events, byte[] fold) {
    Snapshot s = new Snapshot();
    s.customerId = customerId;
    s.asOfSecond = asOfSecond;
    s.events = events;
    s.fold = fold;
    return s;
  }

  /** The customer no longer exists: a merge moved all their events to another customer. */
  public boolean removed() {
    return fold == null;
  }

  public CustomerProfile profile() {
    return SnapshotCodec.decode(fold).profile();
  }

  public Lifecycle lifecycle() {
    return SnapshotCodec.decode(fold).lifecycle();
  }

  @Override
  public String toString() {
    return removed()
        ? customerId + " removed at " + asOfSecond
        : customerId + " at " + asOfSecond + ": " + events + " events";
  }
}
