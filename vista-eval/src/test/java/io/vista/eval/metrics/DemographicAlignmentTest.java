package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemographicAlignmentTest {
  @Test
  void handComputed() {
    FeatureMatrix acts = new FeatureMatrix(new float[] {1, 0, 3, 0, 0, 2, 0, 4}, 4, 2);
    AttributeAlignment a = DemographicAlignment.forAttribute(acts, new long[] {0, 0, 1, 1});
    // class means: class 0 (2, 0), class 1 (0, 3); variances across classes 1 and 2.25
    assertArrayEquals(new int[] {1, 0}, a.topVariantFeatures());
    assertArrayEquals(new float[] {2.25f, 1f}, a.topVariantScores());
    float floor = (float) 1e-12;
    assertEquals(3f / floor, a.selectivityMax());
    assertEquals((float) (((double) (2f / floor) + (double) (3f / floor)) / 2) , a.selectivityMean(),
        Math.ulp(a.selectivityMean()));
    assertArrayEquals(new float[] {0, 2}, a.meanPerClassTopFeatures()[0]);
    assertArrayEquals(new float[] {3, 0}, a.meanPerClassTopFeatures()[1]);
    Map<String, Object> json = a.toJson();
    assertEquals(List.of("top_variant_features", "top_variant_scores", "selectivity_mean", "selectivity_max",
        "mean_per_class_top_features"), List.copyOf(json.keySet()));
    assertEquals(List.of("0", "1"), List.copyOf(((Map<?, ?>) json.get("mean_per_class_top_features")).keySet()));
  }

  @Test
  void extraLabelsAreTruncatedToTheRows() {
    FeatureMatrix acts = new FeatureMatrix(new float[] {1, 2, 3, 4}, 2, 2);
    AttributeAlignment a = DemographicAlignment.forAttribute(acts, new long[] {0, 1, 5, 5});
    assertArrayEquals(new long[] {0, 1}, a.classes());
  }

  @Test
  void matchesEvaluationPyBitForBit() {
    JsonObject fx = MetricsFixtures.json("analyses.expected.json");
    FeatureMatrix acts = new FeatureMatrix(MetricsFixtures.floats(fx.get("acts").getAsString()),
        fx.get("n").getAsInt(), fx.get("m").getAsInt());
    Map<String, long[]> labels = MetricsFixtures.labels(fx.getAsJsonObject("labels"));
    Map<String, AttributeAlignment> got = DemographicAlignment.compute(acts, labels);
    JsonObject expected = fx.getAsJsonObject("feature_demographic_alignment");
    assertEquals(expected.keySet(), got.keySet());
    Gson gson = new Gson();
    for (String attr : expected.keySet()) {
      // The whole block, serialised and parsed back, equals the Python's: same features in the same order
      // (including the exact variance tie of features 12 and 41), same float32 values.
      JsonElement mine = gson.toJsonTree(got.get(attr).toJson());
      assertEquals(expected.get(attr), mine, attr);
    }
  }
}
