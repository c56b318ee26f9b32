package dev.rapport.io;

import java.util.Arrays;

/**
 * Counts how often each 64-bit row hash has been seen in one file, so that the n-th of several
 * identical rows gets its own derived event id: identical lines within a file stay distinct events
 * (CDNOW holds 215 pairs of identical real orders), while a re-import of the file, even re-sorted,
 * derives the same ids again and adds nothing. Open addressing over primitive arrays: about 12
 * bytes a distinct row, instead of a HashMap's ~80.
 */
final class Occurrences {
  private long[] keys = new long[1 << 12];
  private int[] counts = new int[1 << 12];
  private boolean zeroSeen;
  private int zeroCount;
  private int size;

  /** Records one more sighting of {@code hash} and returns how many times it was seen before. */
  int next(long hash) {
    if (hash == 0) {
      return zeroSeen ? zeroCount++ : firstZero();
    }
    int mask = keys.length - 1;
    int i = (int) (mix(hash) & mask);
    while (keys[i] != 0) {
      if (keys[i] == hash) {
        return counts[i]++;
      }
      i = (i + 1) & mask;
    }
    keys[i] = hash;
    counts[i] = 1;
    if (++size * 2 > keys.length) {
      grow();
    }
    return 0;
  }

  private int firstZero() {
    zeroSeen = true;
    zeroCount = 1;
    return 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        int i = (int) (mix(oldKeys[j]) & mask);
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        counts[i] = oldCounts[j];
      }
    }
    assert Arrays.stream(counts).allMatch(c -> c >= 0);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 29);
  }
}
