package dev.rapport.store;

/**
 * The 63-bit fingerprints of the stored event ids, held in memory so that an append can tell
 * without a scan of the log that none of its ids is stored yet: the common case of an import. A
 * fingerprint present means "maybe stored" and the append falls back to the exact anti-join, so a
 * collision costs time, never an event.
 *
 * <p>Why: the anti-join scans every stored id, which grows with the log (about 0.4 s a batch at 10
 * M events, so importing 10 M events took O(N²/batch) time); a probe here costs the batch only. The
 * set takes 8 bytes a slot at most three quarters full, about 128 MB for 10 M events, and is only
 * built by a store that appends.
 *
 * <p>An open-addressing set of longs with linear probing; not thread-safe.
 */
final class EventFingerprints {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int MAX_CAPACITY = 1 << 30;

  /** Fingerprint + 1, so that 0 marks an empty slot (fingerprints are in [0, 2^63)). */
  private long[] slots;

  private int size;

  /** An event id's fingerprint: its {@link dev.rapport.core.EventIds#hash64}, in 63 bits. */
  static long of(String eventId) {
    return dev.rapport.core.EventIds.hash64(eventId) >>> 1;
  }

  EventFingerprints(long expected) {
    slots = new long[capacityFor(Math.max(16, expected))];
  }

  private static int capacityFor(long entries) {
    long needed = entries + entries / 3 + 1; // at most 3/4 full
    if (needed > MAX_CAPACITY) {
      throw new IllegalStateException(
          "too many events for the in-memory id check: " + entries + " (at most about 800 M)");
    }
    return Integer.highestOneBit((int) needed - 1) << 1;
  }

  int size() {
    return size;
  }

  boolean contains(long fingerprint) {
    long key = key(fingerprint);
    int mask = slots.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == key) {
        return true;
      }
      if (s == 0) {
        return false;
      }
    }
  }

  void add(long fingerprint) {
    if ((size + 1L) * 4 > slots.length * 3L) {
      grow();
    }
    if (insert(slots, key(fingerprint))) {
      size++;
    }
  }

  private static long key(long fingerprint) {
    return (fingerprint & Long.MAX_VALUE) + 1;
  }

  private static int slot(long key, int mask) {
    return (int) ((key * GOLDEN) >>> 33) & mask;
  }

  private static boolean insert(long[] table, long key) {
    int mask = table.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long s = table[i];
      if (s == key) {
        return false;
      }
      if (s == 0) {
        table[i] = key;
        return true;
      }
    }
  }

  private void grow() {
    long[] bigger = new long[capacityFor(size * 2L)];
    for (long key : slots) {
      if (key != 0) {
        insert(bigger, key);
      }
    }
    slots = bigger;
  }

  @Override
  public String toString() {
    return "EventFingerprints[" + size + " of " + slots.length + " slots" + "]";
  }
}
