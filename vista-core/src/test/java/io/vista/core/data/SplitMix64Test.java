package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {
  @Test
  void matchesTheJdksSplittableRandomRootStream() {
    // A root SplittableRandom(seed) is SplitMix64 with the golden gamma: an independent reference.
    for (long seed : new long[] {0, 1, -1, 1234567, Long.MIN_VALUE}) {
      SplitMix64 mine = new SplitMix64(seed);
      SplittableRandom jdk = new SplittableRandom(seed);
      for (int i = 0; i < 1000; i++) {
        assertEquals(jdk.nextLong(), mine.nextLong(), "seed " + seed + " draw " + i);
      }
    }
  }

  @Test
  void nextIntIsInRangeAndUniform() {
    SplitMix64 rng = new SplitMix64(99);
    int bound = 7;
    int n = 70_000;
    int[] counts = new int[bound];
    for (int i = 0; i < n; i++) {
      int v = rng.nextInt(bound);
      assertTrue(v >= 0 && v < bound);
      counts[v]++;
    }
    double expected = n / (double) bound;
    double chi2 = 0;
    for (int c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    assertTrue(chi2 < 22.46, "chi-square with 6 dof below its 0.999 quantile: " + chi2); // fixed seed
  }

  @Test
  void permutationsArePermutationsAndSeeded() {
    int[] p = new SplitMix64(5).permutation(100);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 100; i++) {
      assertEquals(i, sorted[i]);
    }
    assertArrayEquals(p, new SplitMix64(5).permutation(100));
    assertTrue(!Arrays.equals(p, new SplitMix64(6).permutation(100)));
    assertEquals(0, new SplitMix64(5).permutation(0).length);
  }

  @Test
  void epochsGiveDifferentStreams() {
    long a = SplitMix64.forEpoch(1, 0).nextLong();
    long b = SplitMix64.forEpoch(1, 1).nextLong();
    long c = SplitMix64.forEpoch(2, 0).nextLong();
    assertTrue(a != b && a != c && b != c);
    assertEquals(a, SplitMix64.forEpoch(1, 0).nextLong());
  }
}
