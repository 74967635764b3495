package io.vista.eval.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Agreement with scikit-learn 1.2.1's LogisticRegression(solver="lbfgs") on committed problems. */
class LogisticRegressionTest {
  private static final JsonObject FIX = Fixtures.load("logreg.json");

  private static List<JsonObject> cases() {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : FIX.getAsJsonArray("cases")) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  private static LogRegModel fit(JsonObject c, LogRegOptions opts) {
    return LogisticRegression.fit(Fixtures.floats(c.get("X_train")), c.get("n_train").getAsInt(),
        c.get("d").getAsInt(), Fixtures.ints(c.get("y_train")), c.get("num_classes").getAsInt(), opts, null);
  }

  private static LogRegOptions optionsOf(JsonObject c) {
    return LogRegOptions.evaluationProbe().withC(c.get("C").getAsDouble()).withMaxIter(c.get("max_iter").getAsInt());
  }

  /** Largest |a-b| over the coefficient and intercept entries, relative to the largest |b|. */
  private static double relativeDifference(LogRegModel m, JsonObject c) {
    double[][] coef = Fixtures.matrix(c.get("coef"));
    double[] intercept = Fixtures.doubles(c.get("intercept"));
    double[][] got = m.coef();
    double[] gotB = m.intercept();
    assertEquals(coef.length, got.length, "coefficient rows");
    double diff = 0;
    double scale = 0;
    for (int r = 0; r < coef.length; r++) {
      for (int j = 0; j < coef[r].length; j++) {
        diff = Math.max(diff, Math.abs(got[r][j] - coef[r][j]));
        scale = Math.max(scale, Math.abs(coef[r][j]));
      }
      diff = Math.max(diff, Math.abs(gotB[r] - intercept[r]));
      scale = Math.max(scale, Math.abs(intercept[r]));
    }
    return diff / scale;
  }

  @Test
  void matchesScikitLearnCoefficientsPredictionsAndStoppingPoint() {
    for (JsonObject c : cases()) {
      String name = c.get("name").getAsString();
      LogRegModel m = fit(c, optionsOf(c));
      double rel = relativeDifference(m, c);
      System.out.printf("%s: rel coef diff %.3g, iterations %d (sklearn %d), %s, loss %.12g (scipy %.12g)%n",
          name, rel, m.iterations(), c.get("n_iter").getAsInt(), m.stopReason(), m.loss(),
          c.get("objective").getAsDouble());
      assertTrue(rel < 1e-8, name + ": relative coefficient difference " + rel);
      assertArrayEquals(Fixtures.ints(c.get("classes")), m.classes(), name);
      int[] pred = m.predict(Fixtures.floats(c.get("X_test")), c.get("n_test").getAsInt());
      assertArrayEquals(Fixtures.ints(c.get("predictions")), pred, name + " predictions");
      assertEquals(c.get("accuracy").getAsDouble(),
          ClassificationMetrics.accuracy(Fixtures.ints(c.get("y_test")), pred), 0.0, name);
      assertEquals(c.get("n_iter").getAsInt(), m.iterations(), name + " iterations");
      assertEquals(c.get("scipy_message").getAsString(), m.stopReason().scipyMessage(), name);
      assertEquals(c.get("objective").getAsDouble(), m.loss(), 1e-9 * Math.abs(m.loss()), name + " objective");
    }
  }
}
