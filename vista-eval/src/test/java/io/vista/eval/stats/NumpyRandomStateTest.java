package io.vista.eval.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bit-for-bit agreement with numpy 1.24's legacy RandomState (fixtures from tools/stats/make_fixtures.py). */
class NumpyRandomStateTest {
  private static final JsonObject FIX = StatsFixtures.load("numpy_rng.json");

  @Test
  void rawWordsMatchNumpyAcrossSeveralRegenerations() {
    long[] expected = StatsFixtures.longs(FIX.get("raw_uint32"));
    NumpyRandomState rng = new NumpyRandomState(42);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], rng.nextUint32(), "word " + i);
    }
  }

  @Test
  void randomSampleMatchesNumpyExactly() {
    double[] expected = StatsFixtures.doubles(FIX.get("random_sample"));
    NumpyRandomState rng = new NumpyRandomState(42);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], rng.randomSample(), 0.0, "sample " + i);
    }
  }

  @Test
  void successivePermutationsConsumeTheStreamLikeNumpy() {
    NumpyRandomState rng = new NumpyRandomState(42);
    for (JsonElement e : FIX.getAsJsonArray("permutation_sequence")) {
      JsonObject c = e.getAsJsonObject();
      int n = c.get("n").getAsInt();
      assertArrayEquals(StatsFixtures.ints(c.get("perm")), rng.permutation(n), "permutation(" + n + ")");
    }
  }

  @Test
  void choiceWithoutReplacementMatchesNumpy() {
    NumpyRandomState rng = new NumpyRandomState(7);
    for (JsonElement e : FIX.getAsJsonArray("choice_seed7_sequence")) {
      JsonObject c = e.getAsJsonObject();
      int[] got = rng.choiceWithoutReplacement(StatsFixtures.ints(c.get("population")), c.get("size").getAsInt());
      assertArrayEquals(StatsFixtures.ints(c.get("sample")), got);
    }
  }

  @Test
  void otherSeedsIncludingTheLargestMatch() {
    for (Map.Entry<String, JsonElement> e : FIX.getAsJsonObject("permutation20_other_seeds").entrySet()) {
      long seed = Long.parseLong(e.getKey());
      assertArrayEquals(StatsFixtures.ints(e.getValue()), new NumpyRandomState(seed).permutation(20), "seed " + seed);
    }
  }

  @Test
  void approximateModeMatchesScikitLearnIncludingTieBreaks() {
    for (JsonElement e : FIX.getAsJsonArray("approximate_mode")) {
      JsonObject c = e.getAsJsonObject();
      int[] got = StratifiedSplit.approximateMode(
          StatsFixtures.ints(c.get("counts")), c.get("draws").getAsInt(), new NumpyRandomState(c.get("seed").getAsLong()));
      assertArrayEquals(StatsFixtures.ints(c.get("mode")), got, c.toString());
    }
  }

  @Test
  void randomIntervalStaysInRangeAndPermutationLeavesInputAlone() {
    NumpyRandomState rng = new NumpyRandomState(3);
    for (long max : new long[] {0, 1, 2, 6, 1L << 31, 0xffffffffL, 1L << 40}) {
      for (int i = 0; i < 200; i++) {
        long v = rng.randomInterval(max);
        if (v < 0 || v > max) {
          throw new AssertionError("randomInterval(" + max + ") gave " + v);
        }
      }
    }
    int[] in = {5, 6, 7, 8};
    rng.permutation(in);
    assertArrayEquals(new int[] {5, 6, 7, 8}, in);
  }

  @Test
  void rejectsSeedsNumpyRejects() {
    assertThrows(VistaException.class, () -> new NumpyRandomState(-1));
    assertThrows(VistaException.class, () -> new NumpyRandomState(1L << 32));
  }
}
