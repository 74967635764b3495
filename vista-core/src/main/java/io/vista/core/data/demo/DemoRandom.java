package io.vista.core.data.demo;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014): a fully specified generator, so a demo file is the same for a seed on every JVM.
 */
final class DemoRandom {
  private long state;
  private double spareGaussian = Double.NaN;

  DemoRandom(long seed) {
    this.state = seed;
  }

  /** A generator for a named sub-stream, independent of how much the others draw. */
  static DemoRandom stream(long seed, long streamId) {
    return new DemoRandom(mix(seed ^ mix(streamId + 0x632BE59BD9B4E019L)));
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in (0, 1]: safe under a logarithm. */
  double nextOpenDouble() {
    return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  int nextInt(int bound) {
    return (int) ((nextLong() >>> 33) % bound);
  }

  /** Standard normal by the Box-Muller transform (the second value is kept for the next call). */
  double nextGaussian() {
    if (!Double.isNaN(spareGaussian)) {
      double g = spareGaussian;
      spareGaussian = Double.NaN;
      return g;
    }
    double radius = Math.sqrt(-2 * Math.log(nextOpenDouble()));
    double angle = 2 * Math.PI * nextDouble();
    spareGaussian = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Exponential with mean 1. */
  double nextExponential() {
    return -Math.log(nextOpenDouble());
  }

  /** An index drawn from the (normalised) probabilities. */
  int nextCategorical(double[] probabilities) {
    double u = nextDouble();
    double cumulative = 0;
    for (int i = 0; i < probabilities.length - 1; i++) {
      cumulative += probabilities[i];
      if (u < cumulative) {
        return i;
      }
    }
    return probabilities.length - 1;
  }
}
