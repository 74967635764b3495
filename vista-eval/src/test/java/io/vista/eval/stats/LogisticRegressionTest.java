package io.vista.eval.stats;

import io.vista.core.classification.ClassificationMetrics;
import io.vista.core.classification.ClassificationReport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Agreement with scikit-learn 1.2.1's {@code LogisticRegression(solver="lbfgs")} on committed problems
 * (tools/stats/make_fixtures.py): coefficients, predictions, accuracy, iteration count and stop message.
 */
class LogisticRegressionTest {
  private static final JsonObject FIX = StatsFixtures.load("logreg.json");

  private static List<JsonObject> cases() {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : FIX.getAsJsonArray("cases")) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  private static JsonObject named(String name) {
    return cases().stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
  }

  private static LogRegModel fit(JsonObject c, LogRegOptions opts, double[] warmStart) {
    return LogisticRegression.fit(StatsFixtures.floats(c.get("X_train")), c.get("n_train").getAsInt(),
        c.get("d").getAsInt(), StatsFixtures.ints(c.get("y_train")), c.get("num_classes").getAsInt(), opts, warmStart);
  }

  private static LogRegOptions optionsOf(JsonObject c) {
    LogRegOptions.MultiClass mc = c.get("multi_class").getAsString().equals("multinomial")
        ? LogRegOptions.MultiClass.MULTINOMIAL
        : LogRegOptions.MultiClass.AUTO;
    return LogRegOptions.evaluationProbe()
        .withC(c.get("C").getAsDouble())
        .withMaxIter(c.get("max_iter").getAsInt())
        .withMultiClass(mc);
  }

  /** scikit-learn's coef_ rows followed by intercept_, the warm-start layout. */
  private static double[] sklearnParameters(JsonObject coefAndIntercept) {
    double[][] coef = StatsFixtures.matrix(coefAndIntercept.get("coef"));
    double[] b = StatsFixtures.doubles(coefAndIntercept.get("intercept"));
    int d = coef[0].length;
    double[] out = new double[coef.length * (d + 1)];
    for (int r = 0; r < coef.length; r++) {
      System.arraycopy(coef[r], 0, out, r * d, d);
      out[coef.length * d + r] = b[r];
    }
    return out;
  }

  /** Largest |a-b| over the coefficient and intercept entries, relative to the largest |b|. */
  private static double relativeDifference(double[] got, double[] expected) {
    assertEquals(expected.length, got.length, "parameter count");
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < got.length; i++) {
      diff = Math.max(diff, Math.abs(got[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return diff / scale;
  }

  private static double[] warmStartOf(JsonObject c) {
    return c.get("warm").isJsonNull() ? null : sklearnParameters(c.getAsJsonObject("warm"));
  }

  private static void assertMatchesSklearn(JsonObject c, LogRegModel m, String what) {
    String name = c.get("name").getAsString() + " " + what;
    double rel = relativeDifference(m.parameters(), sklearnParameters(c));
    assertTrue(rel < 1e-8, name + ": relative coefficient difference " + rel);
    assertArrayEquals(StatsFixtures.ints(c.get("classes")), m.classes(), name);
    int[] pred = m.predict(StatsFixtures.floats(c.get("X_test")), c.get("n_test").getAsInt());
    assertArrayEquals(StatsFixtures.ints(c.get("predictions")), pred, name + " predictions");
    assertEquals(c.get("accuracy").getAsDouble(),
        ClassificationMetrics.accuracy(StatsFixtures.ints(c.get("y_test")), pred), 0.0, name);
    assertEquals(c.get("n_iter").getAsInt(), m.iterations(), name + " iterations");
    assertEquals(c.get("scipy_message").getAsString(), m.stopReason().scipyMessage(), name);
    assertEquals(c.get("scipy_status").getAsInt() == 0, m.converged(), name);
    assertEquals(c.get("objective").getAsDouble(), m.loss(), 1e-10 * Math.abs(m.loss()), name + " objective");
  }

  @Test
  void denseFloat64MatchesScikitLearn() {
    for (JsonObject c : cases()) {
      LogRegOptions opts = optionsOf(c).withLayout(LogRegOptions.Layout.DENSE);
      assertMatchesSklearn(c, fit(c, opts, warmStartOf(c)), "dense");
    }
  }

  @Test
  void sparseFloat64MatchesScikitLearn() {
    for (JsonObject c : cases()) {
      LogRegOptions opts = optionsOf(c).withLayout(LogRegOptions.Layout.SPARSE);
      assertMatchesSklearn(c, fit(c, opts, warmStartOf(c)), "sparse");
    }
  }

  @Test
  void float32ProductsStayCloseAndPredictTheSame() {
    for (JsonObject c : cases()) {
      if (c.get("scipy_status").getAsInt() != 0) {
        continue; // a truncated run is compared step for step above; float32 rounding shifts that path
      }
      String name = c.get("name").getAsString();
      LogRegModel m = fit(c, optionsOf(c).withFloat32(true), warmStartOf(c));
      double rel = relativeDifference(m.parameters(), sklearnParameters(c));
      assertTrue(rel < 1e-3, name + ": relative coefficient difference " + rel);
      int[] pred = m.predict(StatsFixtures.floats(c.get("X_test")), c.get("n_test").getAsInt());
      assertArrayEquals(StatsFixtures.ints(c.get("predictions")), pred, name + " predictions");
    }
  }

  @Test
  void binaryAndTwoClassSoftmaxAreDifferentOptima() {
    JsonObject bin = named("two_classes_3_7");
    JsonObject soft = named("two_classes_multinomial");
    double rel = relativeDifference(sklearnParameters(bin), sklearnParameters(soft));
    assertTrue(rel > 0.1, "the fixtures themselves must differ, got " + rel);
    LogRegModel m = fit(bin, optionsOf(bin), null);
    assertEquals(1, m.coef().length);
    assertArrayEquals(new int[] {3, 7}, m.classes());
  }

  @Test
  void warmStartFromTheOptimumStopsAtOnce() {
    JsonObject c = named("three_classes");
    LogRegModel first = fit(c, optionsOf(c), null);
    LogRegModel again = fit(c, optionsOf(c), first.parameters());
    // The first run stopped on the relative-reduction test, so the restart still creeps a little further down.
    assertTrue(again.iterations() < first.iterations(), "iterations " + again.iterations());
    assertTrue(again.loss() <= first.loss(), again.loss() + " > " + first.loss());
    double rel = relativeDifference(again.parameters(), first.parameters());
    assertTrue(rel < 1e-3, "moved by " + rel);
    // Coefficients without intercepts are accepted too.
    double[] noIntercept = java.util.Arrays.copyOf(first.parameters(), 3 * c.get("d").getAsInt());
    LogRegModel third = fit(c, optionsOf(c), noIntercept);
    assertTrue(third.converged());
  }

  @Test
  void rejectsBadInputWithMessagesNamingTheFault() {
    float[] x = {1, 2, 3, 4, 5, 6};
    VistaException one = assertThrows(VistaException.class,
        () -> LogisticRegression.fit(x, 3, 2, new int[] {4, 4, 4}, 5, LogRegOptions.sklearnDefaults(), null));
    assertTrue(one.getMessage().contains("only class 4"), one.getMessage());
    VistaException range = assertThrows(VistaException.class,
        () -> LogisticRegression.fit(x, 3, 2, new int[] {0, 1, 5}, 5, LogRegOptions.sklearnDefaults(), null));
    assertTrue(range.getMessage().contains("label 5 at row 2"), range.getMessage());
    float[] nan = {1, 2, 3, Float.NaN, 5, 6};
    VistaException bad = assertThrows(VistaException.class,
        () -> LogisticRegression.fit(nan, 3, 2, new int[] {0, 1, 0}, 2, LogRegOptions.sklearnDefaults(), null));
    assertTrue(bad.getMessage().contains("X[1, 1] is NaN"), bad.getMessage());
    VistaException warm = assertThrows(VistaException.class, () -> LogisticRegression.fit(
        x, 3, 2, new int[] {0, 1, 0}, 2, LogRegOptions.sklearnDefaults(), new double[5]));
    assertTrue(warm.getMessage().contains("warm start has 5 values"), warm.getMessage());
    assertThrows(VistaException.class, () -> LogRegOptions.sklearnDefaults().withC(0));
    assertFalse(LogRegOptions.evaluationProbe().float32());
  }
}
