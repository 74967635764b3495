package io.vista.eval.stats;

import io.vista.core.VistaException;

/**
 * numpy's legacy {@code np.random.RandomState(seed)}: a 32-bit Mersenne Twister (MT19937, Matsumoto and
 * Nishimura 1998) with numpy's integer seeding and numpy's derived draws, reproduced bit for bit.
 *
 * <p>What scikit-learn's {@code check_random_state(int)} hands to {@code StratifiedShuffleSplit} and
 * {@code _approximate_mode} is exactly this generator, so splits can only be reproduced index for index by
 * replaying the same stream of 32-bit words with the same consumers:
 *
 * <ul>
 *   <li>seeding an integer in [0, 2^32) uses {@code init_genrand} (not {@code init_by_array});
 *   <li>{@code random_sample} builds a 53-bit double from two words: {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53};
 *   <li>{@code shuffle}/{@code permutation} run a Fisher-Yates pass from the last element down, drawing
 *       {@code j} in [0, i] by masked rejection ({@code random_interval}: smallest all-ones mask covering
 *       {@code i}, redraw while {@code (word & mask) > i});
 *   <li>{@code choice(a, size, replace=False)} without probabilities is {@code a[permutation(len(a))[:size]]}.
 * </ul>
 *
 * <p>Not thread-safe (a stream of draws is inherently sequential).
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int pos;

  /**
   * Seeds like {@code np.random.RandomState(seed)} for an integer seed.
   *
   * @param seed in [0, 2^32 - 1], as numpy requires
   */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new VistaException("RandomState seed " + seed + " must be between 0 and 2**32 - 1");
    }
    // init_genrand (Matsumoto-Nishimura 2002 seeding), which numpy's legacy seeding uses for integers.
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    pos = N;
  }

  /** The next raw 32-bit output, as an unsigned value in [0, 2^32). */
  public long nextUint32() {
    return Integer.toUnsignedLong(nextInt());
  }

  /** Two 32-bit outputs glued high word first, as numpy's {@code next_uint64} for MT19937. */
  public long nextUint64() {
    long hi = nextUint32();
    long lo = nextUint32();
    return (hi << 32) | lo;
  }

  /** {@code random_sample()}: a double in [0, 1) with 53 random bits. */
  public double randomSample() {
    int a = nextInt() >>> 5;
    int b = nextInt() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * numpy's {@code random_interval(max)}: a uniform integer in [0, max] by masked rejection sampling.
   *
   * @param max inclusive upper bound, non-negative
   */
  public long randomInterval(long max) {
    if (max < 0) {
      throw new VistaException("randomInterval bound " + max + " must be non-negative");
    }
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    long value;
    if (max <= 0xffffffffL) {
      do {
        value = nextUint32() & mask;
      } while (value > max);
    } else {
      do {
        value = nextUint64() & mask;
      } while (Long.compareUnsigned(value, max) > 0);
    }
    return value;
  }

  /** Shuffles in place like {@code RandomState.shuffle} on a 1-d array. */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i >= 1; i--) {
      int j = (int) randomInterval(i);
      int tmp = values[j];
      values[j] = values[i];
      values[i] = tmp;
    }
  }

  /** {@code permutation(n)}: a shuffled {@code arange(n)}. */
  public int[] permutation(int n) {
    if (n < 0) {
      throw new VistaException("permutation size " + n + " must be non-negative");
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    shuffle(out);
    return out;
  }

  /** {@code permutation(array)}: a shuffled copy; the argument is left untouched. */
  public int[] permutation(int[] values) {
    int[] out = values.clone();
    shuffle(out);
    return out;
  }

  /**
   * {@code choice(a, size, replace=False)} with uniform probabilities: {@code a[permutation(len(a))[:size]]}.
   * Note that numpy permutes the whole population even when {@code size} is smaller, which consumes draws.
   */
  public int[] choiceWithoutReplacement(int[] population, int size) {
    if (size > population.length) {
      throw new VistaException(
          "cannot take a sample of " + size + " from a population of " + population.length + " without replacement");
    }
    if (size < 0) {
      throw new VistaException("sample size " + size + " must be non-negative");
    }
    int[] idx = permutation(population.length);
    int[] out = new int[size];
    for (int k = 0; k < size; k++) {
      out[k] = population[idx[k]];
    }
    return out;
  }

  private int nextInt() {
    if (pos >= N) {
      generate();
    }
    int y = mt[pos++];
    // Tempering.
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  /** Regenerates all 624 words of state (the "twist"). */
  private void generate() {
    int k;
    int y;
    for (k = 0; k < N - M; k++) {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }
    for (; k < N - 1; k++) {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    pos = 0;
  }
}
