package dev.rapport.core;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic event ids for sources that have none, so that importing the same row twice adds
 * nothing. The id is the 128-bit MurmurHash3 (x64 variant, Austin Appleby, public domain) of the
 * row's fields, written as 32 hex digits: fast enough for tens of millions of rows, and wide enough
 * that an accidental collision among 10^10 rows has a probability near 10^-19.
 */
public final class EventIds {
  private static final byte SEPARATOR = 0x1f; // ASCII unit separator: cannot occur in a field

  private EventIds() {}

  /** Hashes a namespace (e.g. the mapping's source name) and the row's raw field values. */
  public static String derive(String namespace, String... fields) {
    int size = namespace.length() + 1;
    for (String f : fields) {
      size += (f == null ? 0 : f.length() * 3) + 1;
    }
    byte[] buf = new byte[size];
    int n = put(buf, 0, namespace);
    for (String f : fields) {
      buf[n++] = SEPARATOR;
      n = put(buf, n, f == null ? "" : f);
    }
    return hex128(buf, n);
  }

  private static int put(byte[] buf, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, buf, at, b.length);
    return at + b.length;
  }

  static String hex128(byte[] data, int length) {
    long h1 = 0;
    long h2 = 0;
    int blocks = length / 16;
    for (int i = 0; i < blocks; i++) {
      h1 = Murmur3.blockH1(h1, h2, getLong(data, i * 16));
      h2 = Murmur3.blockH2(h2, h1, getLong(data, i * 16 + 8));
    }
    long k1 = 0;
    long k2 = 0;
    int tail = blocks * 16;
    for (int i = length - tail - 1; i >= 0; i--) {
      long b = data[tail + i] & 0xffL;
      if (i >= 8) {
        k2 |= b << ((i - 8) * 8);
      } else {
        k1 |= b << (i * 8);
      }
    }
    if (length - tail > 8) {
      h2 ^= Murmur3.mixK2(k2);
    }
    if (length - tail > 0) {
      h1 ^= Murmur3.mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = Murmur3.fmix(h1);
    h2 = Murmur3.fmix(h2);
    h1 += h2;
    h2 += h1;
    char[] out = new char[32];
    hex(h1, out, 0);
    hex(h2, out, 16);
    return new String(out);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void hex(long v, char[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xffL);
    }
    return v;
  }

  /**
   * A 64-bit hash of an event id: FNV-1a over its UTF-16 units, then a murmur finaliser. Stable
   * across JVMs (unlike {@link String#hashCode}'s 32 bits): the engines break time ties with it,
   * and the store fingerprints stored ids with it.
   */
  public static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
