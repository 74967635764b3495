package io.vista.eval.metrics;

import com.google.gson.JsonObject;
import java.util.Map;

/** The analyses fixture: SAE-like features, raw latents, labels and evaluation.py's results on them. */
record AnalysesFixture(JsonObject expected, FeatureMatrix acts, FeatureMatrix raw, Map<String, long[]> labels,
    int[] ks) {
  static AnalysesFixture load() {
    JsonObject fx = MetricsFixtures.json("analyses.expected.json");
    int n = fx.get("n").getAsInt();
    return new AnalysesFixture(fx,
        new FeatureMatrix(MetricsFixtures.floats(fx.get("acts").getAsString()), n, fx.get("m").getAsInt()),
        new FeatureMatrix(MetricsFixtures.floats(fx.get("raw").getAsString()), n, fx.get("d").getAsInt()),
        MetricsFixtures.labels(fx.getAsJsonObject("labels")),
        MetricsFixtures.ints(fx.get("ks")));
  }
}
