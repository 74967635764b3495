package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaeHealthAccumulatorTest {
  @Test
  void handComputedTokenLevel() {
    // 2 samples x 2 tokens x 3 features, fed in two batches of one sample.
    SaeHealthAccumulator acc = new SaeHealthAccumulator(3);
    acc.add(new float[] {1, 0, 0, /* token 2 */ 1, 2, 0}, 1, 2); // L0 per token 1, 2 -> 1.5
    acc.add(new float[] {0, 0, 0, /* token 2 */ 0, 3, -1}, 1, 2); // L0 0, 1 -> 0.5 (negative is not firing)
    SaeHealth h = acc.result();
    assertEquals(3, h.numFeatures());
    assertEquals(2, h.numSamples());
    assertEquals(4, h.totalTokens());
    assertEquals(1, h.deadFeatureCount()); // feature 2 never above 0
    assertEquals(1.0 / 3, h.deadFeatureRatio());
    assertEquals(1.0, h.l0Mean());
    assertEquals(0.5, h.l0Std());
    assertEquals(1.0, h.l0Median());
    // firing counts {2, 2, 0} -> sorted 0 2 2; p25: index 0.5 -> 1.0; p90: index 1.8 -> 2
    Map<String, Double> p = h.activationFrequencyPercentiles();
    assertEquals(java.util.List.of("0", "25", "50", "75", "90", "99", "100"), java.util.List.copyOf(p.keySet()));
    assertEquals(0.0, p.get("0"));
    assertEquals(1.0, p.get("25"));
    assertEquals(2.0, p.get("50"));
    assertEquals(2.0, p.get("100"));
  }

  @Test
  void rejectsMismatchedBatchAndEmptyResult() {
    SaeHealthAccumulator acc = new SaeHealthAccumulator(3);
    assertThrows(IllegalArgumentException.class, () -> acc.add(new float[5], 1, 2));
    assertThrows(IllegalStateException.class, acc::result);
  }

  @Test
  void matchesEncodeDatasetTokenLevel() {
    check(EncodeFixture.load("encode_3d"));
  }

  @Test
  void matchesEncodeDatasetPooled() {
    check(EncodeFixture.load("encode_2d"));
  }

  private static void check(EncodeFixture fx) {
    SaeHealthAccumulator acc = new SaeHealthAccumulator(fx.m());
    for (int s = 0; s < fx.n(); s += fx.batchSize()) {
      int bs = Math.min(fx.batchSize(), fx.n() - s);
      acc.add(EncodeFixture.rows(fx.acts(), fx.m(), s * fx.tokens(), bs * fx.tokens()), bs, fx.tokens());
    }
    JsonObject e = fx.expected().getAsJsonObject("sae_health");
    SaeHealth h = acc.result();
    assertEquals(e.get("num_features").getAsInt(), h.numFeatures());
    assertEquals(e.get("num_samples").getAsLong(), h.numSamples());
    assertEquals(e.get("total_tokens").getAsLong(), h.totalTokens());
    assertEquals(e.get("dead_feature_count").getAsLong(), h.deadFeatureCount());
    assertEquals(e.get("dead_feature_ratio").getAsDouble(), h.deadFeatureRatio());
    // float32 arithmetic in numpy's order: equal to the last bit
    assertEquals(e.get("l0_mean").getAsDouble(), h.l0Mean());
    assertEquals(e.get("l0_std").getAsDouble(), h.l0Std());
    assertEquals(e.get("l0_median").getAsDouble(), h.l0Median());
    JsonObject pe = e.getAsJsonObject("activation_frequency_percentiles");
    assertEquals(pe.keySet(), h.activationFrequencyPercentiles().keySet());
    for (String k : pe.keySet()) {
      assertEquals(pe.get(k).getAsDouble(), h.activationFrequencyPercentiles().get(k), k);
    }
    // and the JSON block has evaluation.py's keys in its order
    assertEquals(e.keySet().stream().toList(), h.toJson().keySet().stream().toList());
  }
}
