package io.vista.core.data;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): a tiny, fully specified generator, so a shuffle depends on nothing
 * but (seed, epoch) -- not on the JDK's {@code Random} implementation.
 */
final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** A generator for one epoch of one seed; distinct pairs give unrelated streams. */
  static SplitMix64 forEpoch(long seed, long epoch) {
    return new SplitMix64(mix(seed) ^ mix(mix(epoch) + GOLDEN_GAMMA));
  }

  /** The SplitMix64 finaliser (a variant of MurmurHash3's fmix64). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /**
   * Uniform in {@code [0, bound)} without modulo bias: Lemire's multiply-shift with rejection
   * ("Fast random integer generation in an interval", ACM TOMACS 2019).
   */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long threshold = (1L << 32) % bound;
    while (true) {
      long product = (nextLong() >>> 32) * bound;
      if ((product & 0xFFFFFFFFL) >= threshold) {
        return (int) (product >>> 32);
      }
    }
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates, Knuth's Algorithm P). */
  int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
