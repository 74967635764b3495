package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import io.vista.eval.stats.LogRegOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe-based analyses against evaluation.py run by tools/eval/make_fixtures.py (scikit-learn 1.2.1). */
class AblationAndProbeTest {
  private static AnalysesFixture fx;
  private static Map<String, AttributeAblation> ablation;

  @BeforeAll
  static void run() {
    fx = AnalysesFixture.load();
    ablation = AblationStudy.run(fx.acts(), fx.labels(), fx.ks(), LogRegOptions.evaluationProbe(), false, s -> { });
  }

  @Test
  void splitsAreScikitLearns() {
    JsonObject splits = fx.expected().getAsJsonObject("splits");
    for (String attr : splits.keySet()) {
      assertArrayEquals(MetricsFixtures.ints(splits.getAsJsonObject(attr).get("train")),
          ablation.get(attr).split().train(), attr);
      assertArrayEquals(MetricsFixtures.ints(splits.getAsJsonObject(attr).get("test")),
          ablation.get(attr).split().test(), attr);
    }
  }

  @Test
  void ablationAccuraciesEqualThePythons() {
    JsonObject expected = fx.expected().getAsJsonObject("ablation_study");
    Gson gson = new Gson();
    assertEquals(expected.keySet(), ablation.keySet());
    for (String attr : expected.keySet()) {
      // Same predictions on every test row: the JSON blocks are equal, differences included.
      assertEquals(expected.get(attr), gson.toJsonTree(ablation.get(attr).toJson()), attr);
    }
  }

  @Test
  void probeComparisonEqualsThePythons() {
    List<String> log = new ArrayList<>();
    Map<String, AttributeProbeComparison> got =
        ProbeComparison.run(fx.raw(), fx.acts(), fx.labels(), LogRegOptions.evaluationProbe(), ablation, log::add);
    JsonObject expected = fx.expected().getAsJsonObject("probe_comparison");
    Gson gson = new Gson();
    for (String attr : expected.keySet()) {
      assertEquals(expected.get(attr), gson.toJsonTree(got.get(attr).toJson()), attr);
    }
    // the SAE probe is the ablation's baseline: never refitted
    assertTrue(log.stream().noneMatch(l -> l.contains("SAE features")), log.toString());
  }

  @Test
  void probeComparisonRefitsWithoutAblation() {
    String attr = "gender";
    AttributeProbeComparison alone = ProbeComparison.forAttribute(attr, fx.raw(), fx.acts(), fx.labels().get(attr),
        LogRegOptions.evaluationProbe(), null, s -> { });
    assertEquals(ablation.get(attr).baselineAccuracy(), alone.saeLatentAccuracy());
  }

  @Test
  void warmStartGivesTheSameAccuracies() {
    Map<String, AttributeAblation> warm =
        AblationStudy.run(fx.acts(), fx.labels(), fx.ks(), LogRegOptions.evaluationProbe(), true, s -> { });
    for (String attr : ablation.keySet()) {
      assertEquals(ablation.get(attr).ablations(), warm.get(attr).ablations(), attr);
    }
  }

  @Test
  void everyFeatureAblatedPredictsFromInterceptsAlone() {
    long[] gender = fx.labels().get("gender");
    AttributeAblation a = AblationStudy.forAttribute("gender", fx.acts(), gender, new int[] {1000},
        LogRegOptions.evaluationProbe(), false, s -> { });
    // all-zero features: the probe predicts the training majority class for every test row
    long[] yTest = AblationStudy.pick(gender, a.split().test());
    long ones = java.util.Arrays.stream(AblationStudy.pick(gender, a.split().train())).filter(v -> v == 1).count();
    long majority = ones * 2 > a.split().train().length ? 1 : 0;
    long hits = java.util.Arrays.stream(yTest).filter(v -> v == majority).count();
    assertEquals((double) hits / yTest.length, a.ablations().get(1000).accWithoutTopK());
    assertEquals(a.baselineAccuracy(), a.ablations().get(1000).accOnlyTopK());
  }

  @Test
  void rejectsNonPositiveK() {
    assertThrows(VistaException.class, () -> AblationStudy.forAttribute("gender", fx.acts(),
        fx.labels().get("gender"), new int[] {0}, LogRegOptions.evaluationProbe(), false, s -> { }));
  }
}
