package io.vista.eval.intersectional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MutualInformationTest {
  private static final double LN2 = Math.log(2);

  @Test
  void matchesVistasBinnedMi() {
    JsonObject fixture = IntersectionalFixtures.load("binned_mi.json");
    int cases = 0;
    for (JsonElement e : fixture.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      double expected = c.get("mi").getAsDouble();
      double actual =
          MutualInformation.binnedMi(
              IntersectionalFixtures.doubles(c.get("x")), IntersectionalFixtures.ints(c.get("y")), c.get("n_bins").getAsInt());
      assertEquals(expected, actual, 1e-9, c.get("name").getAsString());
      cases++;
    }
    assertTrue(cases >= 15);
  }

  @Test
  void identicalVariablesGiveTheLabelEntropyMinusTheBias() {
    // x = label (0 or 1, 50 each): two occupied bins, one per class. Plug-in MI = H(Y) = 1 bit;
    // Panzeri-Treves bias with 20 nominal bins and 2 classes: 19 * 1 / (2 * 100 * ln 2).
    int n = 100;
    double[] x = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      x[i] = y[i];
    }
    assertEquals(1.0 - 19.0 / (2 * n * LN2), MutualInformation.binnedMi(x, y, 20), 1e-12);
  }

  @Test
  void fourEqualClassesIdenticalToTheFeatureGiveTwoBits() {
    int n = 400;
    double[] x = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 4;
      x[i] = 10.0 * y[i];
    }
    assertEquals(2.0 - 19.0 * 3 / (2 * n * LN2), MutualInformation.binnedMi(x, y, 20), 1e-12);
  }

  @Test
  void independentVariablesGiveZero() {
    // Every bin holds each class equally often: p(x, y) = p(x) p(y) exactly, plug-in MI 0,
    // and the bias correction is clipped at 0.
    int n = 20 * 3 * 5;
    double[] x = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i / 15; // 20 values 0..19, 15 samples each -> 20 bins
      y[i] = i % 3;
    }
    assertEquals(0.0, MutualInformation.binnedMi(x, y, 20));
  }

  @Test
  void plugInValueOfAKnownTable() {
    // Bin 0: classes (0, 0, 1); bin 19: (1, 1, 1). p(x0)=p(x1)=1/2, p(y0)=1/3, p(y1)=2/3.
    double[] x = {0, 0, 0, 1, 1, 1};
    int[] y = {0, 0, 1, 1, 1, 1};
    double mi =
        (2.0 / 6) * log2((2.0 / 6) / (0.5 / 3))
            + (1.0 / 6) * log2((1.0 / 6) / (0.5 * 2 / 3))
            + (3.0 / 6) * log2((3.0 / 6) / (0.5 * 2 / 3));
    double bias = 19.0 / (2 * 6 * LN2);
    assertEquals(Math.max(mi - bias, 0), MutualInformation.binnedMi(x, y, 20), 1e-15);
    assertEquals(mi - 1.0 / (2 * 6 * LN2), MutualInformation.binnedMi(x, y, 2), 1e-15);
  }

  @Test
  void edgeCasesAsVista() {
    assertEquals(0.0, MutualInformation.binnedMi(new double[0], new int[0], 10));
    assertEquals(0.0, MutualInformation.binnedMi(new double[] {1, 1, 1, 1}, new int[] {0, 1, 0, 1}, 10));
    Random rnd = new Random(7);
    for (int t = 0; t < 10; t++) {
      double[] x = new double[50];
      int[] y = new int[50];
      for (int i = 0; i < 50; i++) {
        x[i] = rnd.nextGaussian();
        y[i] = rnd.nextInt(3);
      }
      assertTrue(MutualInformation.binnedMi(x, y, 20) >= 0.0);
    }
  }

  private static double log2(double v) {
    return Math.log(v) / LN2;
  }
}
