package dev.rapport.core;

/**
 * The mixing steps of MurmurHash3 x64-128 (Austin Appleby, public domain), shared by the hashes
 * that feed it bytes ({@link EventIds}) and UTF-16 units (the identity graph's index).
 */
public final class Murmur3 {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  /** The first 64-bit lane of a block (or of the tail), before it is xor-ed into h1. */
  public static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  /** The second 64-bit lane of a block (or of the tail), before it is xor-ed into h2. */
  public static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  /** h1 after a full 16-byte block whose first lane is {@code k1}. */
  public static long blockH1(long h1, long h2, long k1) {
    return (Long.rotateLeft(h1 ^ mixK1(k1), 27) + h2) * 5 + 0x52dce729;
  }

  /** h2 after a full block whose second lane is {@code k2}, given the block's new h1. */
  public static long blockH2(long h2, long newH1, long k2) {
    return (Long.rotateLeft(h2 ^ mixK2(k2), 31) + newH1) * 5 + 0x38495ab5;
  }

  /** The finaliser. */
  public static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
