package dev.rapport.core.identity;

import dev.rapport.core.Identifier;
import dev.rapport.core.Murmur3;

/**
 * Identifier → graph node, as an open-addressing hash table over primitive arrays keyed by a 96-bit
 * hash of the identifier.
 *
 * <p>Why not a {@code HashMap<Identifier, Integer>}: identity registration looks up every
 * identifier of every event, and with a million customers each {@code HashMap} hit walks table →
 * entry → key → two strings → their bytes, four or five dependent cache misses (measured: 95% of
 * the importing sink thread's samples on the 10 M event benchmark sat in {@code
 * Identifier.equals}). Here a lookup reads one 16-byte slot, almost always in one cache line.
 *
 * <p>The table trusts the hash: two identifiers with the same 96 bits would be taken for one. The
 * hash is MurmurHash3 x64-128 (Austin Appleby, public domain) of the type, a separator and the
 * value; among 10^8 identifiers the chance of any collision is about n²/2^97 ≈ 10^-13, far below
 * the rate of any other error in customer data, and the same bet {@link dev.rapport.core.EventIds}
 * makes for event ids.
 *
 * <p>Slot layout, two longs: the first 64 bits of the hash, then 32 more hash bits above the node
 * plus one (so an occupied slot's second long is never zero, and zero marks an empty slot).
 */
final class IdentifierIndex {
  private static final char SEPARATOR = 0x1f; // ASCII unit separator: not in a type name
  private static final long TAG = 0xffff_ffff_0000_0000L;

  private long[] slots = new long[2 * 1024];
  private int mask = 1023;
  private int size;

  // The hash of the identifier last passed to hash(); the index is single-threaded, like the graph.
  private long h1;
  private long h2;
  private long[] batchHashes = new long[0];

  /**
   * The node of an identifier, or -1. Remembers its hash for a following {@link #putLastLookedUp}.
   */
  int get(Identifier id) {
    hash(id);
    return probe(h1, h2);
  }

  /**
   * The nodes of {@code ids[0..n)} into {@code out}, -1 for unknown ones. Hashes them all first and
   * then probes in a tight loop, so that the cache misses of many probes are in flight at once
   * instead of one after another.
   */
  void getAll(Identifier[] ids, int n, int[] out) {
    if (batchHashes.length < 2 * n) {
      batchHashes = new long[2 * n];
    }
    long[] hs = batchHashes;
    for (int i = 0; i < n; i++) {
      hash(ids[i]);
      hs[2 * i] = h1;
      hs[2 * i + 1] = h2;
    }
    for (int i = 0; i < n; i++) {
      out[i] = probe(hs[2 * i], hs[2 * i + 1]);
    }
  }

  private int probe(long a, long b) {
    long tag = b & TAG;
    for (int i = (int) a & mask; ; i = (i + 1) & mask) {
      long s = slots[2 * i + 1];
      if (s == 0) {
        return -1;
      }
      if (slots[2 * i] == a && (s & TAG) == tag) {
        return (int) s - 1;
      }
    }
  }

  /** Adds the identifier last looked up with {@link #get}, which returned -1, as {@code node}. */
  void putLastLookedUp(int node) {
    if (2 * (size + 1) > mask + 1) {
      grow();
    }
    insert(h1, (h2 & TAG) | (node + 1L));
    size++;
  }

  int size() {
    return size;
  }

  private void insert(long a, long b) {
    int i = (int) a & mask;
    while (slots[2 * i + 1] != 0) {
      i = (i + 1) & mask;
    }
    slots[2 * i] = a;
    slots[2 * i + 1] = b;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    mask = slots.length / 2 - 1;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i + 1] != 0) {
        insert(old[i], old[i + 1]);
      }
    }
  }

  /** MurmurHash3 x64-128 over the UTF-16 units of type, separator, value; sets h1 and h2. */
  private void hash(Identifier id) {
    String type = id.type();
    String value = id.value();
    int length = type.length() + 1 + value.length();
    long a = 0;
    long b = 0;
    long k1 = 0;
    long k2 = 0;
    int inBlock = 0; // UTF-16 units in the current 16-byte block: 0..7
    for (int i = 0; i < length; i++) {
      long c;
      if (i < type.length()) {
        c = type.charAt(i);
      } else if (i == type.length()) {
        c = SEPARATOR;
      } else {
        c = value.charAt(i - type.length() - 1);
      }
      if (inBlock < 4) {
        k1 |= c << (16 * inBlock);
      } else {
        k2 |= c << (16 * (inBlock - 4));
      }
      if (++inBlock == 8) {
        a = Murmur3.blockH1(a, b, k1);
        b = Murmur3.blockH2(b, a, k2);
        k1 = 0;
        k2 = 0;
        inBlock = 0;
      }
    }
    if (inBlock > 4) {
      b ^= Murmur3.mixK2(k2);
    }
    if (inBlock > 0) {
      a ^= Murmur3.mixK1(k1);
    }
    a ^= 2L * length;
    b ^= 2L * length;
    a += b;
    b += a;
    a = Murmur3.fmix(a);
    b = Murmur3.fmix(b);
    a += b;
    b += a;
    h1 = a;
    h2 = b;
  }
}
