package io.vista.core.data.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.vista.core.data.Float16;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads generated files back through jHDF and checks layout, truth and the planted structure. */
class DemoGeneratorTest {
  private static final String[] ATTRS = {"age", "gender", "race"};

  @TempDir Path dir;

  @Test
  void fileHasTheVistaLayoutAndTheTruth() {
    DemoSpec spec = new DemoSpec(300, 130, 4, 32, 64, 4, 0.02, 7, true, 1.0);
    Path file = dir.resolve("demo.h5");
    DemoTruth truth = DemoGenerator.generate(spec, file);
    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals("DemoGenerator", hdf.getAttribute("model").getData());
      assertEquals("demo", hdf.getAttribute("dataset").getData());
      for (String split : new String[] {"training", "validation"}) {
        int n = split.equals("training") ? 300 : 130;
        Dataset enc = hdf.getDatasetByPath("/" + split + "/encoded");
        assertArrayEquals(new int[] {n, 4, 32}, enc.getDimensions());
        assertArrayEquals(new int[] {Math.min(128, n), 4, 32}, ((ChunkedDataset) enc).getChunkDimensions());
        assertEquals(2, enc.getDataType().getSize(), "float16");
        assertEquals(32015, enc.getFilters().get(0).getId());
        for (int a = 0; a < ATTRS.length; a++) {
          Dataset l = hdf.getDatasetByPath("/" + split + "/labels/" + ATTRS[a]);
          assertArrayEquals(new int[] {Math.min(512, n)}, ((ChunkedDataset) l).getChunkDimensions());
          for (long v : (long[]) l.getDataFlat()) {
            assertTrue(v >= 0 && v < DemoGenerator.CLASS_COUNTS[a]);
          }
        }
        long[] idx = (long[]) hdf.getDatasetByPath("/" + split + "/original_indices").getDataFlat();
        assertEquals(n, idx.length);
        assertEquals(split.equals("training") ? 0 : 300, idx[0]);
      }
      float[] atoms = (float[]) hdf.getDatasetByPath("/ground_truth/atoms").getDataFlat();
      float[][] expectedAtoms = truth.atoms();
      for (int i = 0; i < 64; i++) {
        double norm = 0;
        for (int j = 0; j < 32; j++) {
          assertEquals(expectedAtoms[i][j], atoms[i * 32 + j]);
          norm += (double) atoms[i * 32 + j] * atoms[i * 32 + j];
        }
        assertEquals(1.0, norm, 1e-5, "unit-norm atom " + i);
      }
      assertArrayEquals(truth.offset(), (float[]) hdf.getDatasetByPath("/ground_truth/offset").getDataFlat());
      assertArrayEquals(truth.baseRate(), (float[]) hdf.getDatasetByPath("/ground_truth/base_rate").getDataFlat());
      assertArrayEquals(truth.activeRate(), (float[]) hdf.getDatasetByPath("/ground_truth/active_rate").getDataFlat());
      long[] attribute = (long[]) hdf.getDatasetByPath("/ground_truth/atom_attribute").getDataFlat();
      long[] cls = (long[]) hdf.getDatasetByPath("/ground_truth/atom_class").getDataFlat();
      long[] cond = (long[]) hdf.getDatasetByPath("/ground_truth/atom_condition").getDataFlat();
      int[][] truthCond = truth.atomCondition();
      for (int i = 0; i < 64; i++) {
        assertEquals(truth.atomAttribute()[i], attribute[i]);
        assertEquals(truth.atomClass()[i], cls[i]);
        for (int j = 0; j < 4; j++) {
          assertEquals(truthCond[i][j], cond[i * 4 + j]);
        }
      }
      assertEquals(spec.toString(), hdf.getByPath("/ground_truth").getAttribute("spec").getData());
      assertArrayEquals(new float[] {0.47f, 0.53f},
          (float[]) hdf.getDatasetByPath("/ground_truth/class_prior/gender").getDataFlat());
    }
    // Two atoms per class of each attribute, two per intersectional pair, the rest background.
    for (int a = 0; a < 3; a++) {
      for (int c = 0; c < DemoGenerator.CLASS_COUNTS[a]; c++) {
        assertEquals(2, truth.attributeAtoms(a, c).size());
      }
    }
    assertEquals(6, truth.intersectionalAtoms().size());
  }

  @Test
  void ratesGiveTheRequestedActivityAndFavourTheCondition() {
    DemoSpec spec = new DemoSpec(10, 0, 4, 32, 200, 8, 0.02, 3, true, 1.0);
    DemoTruth t = DemoGenerator.truth(spec);
    double[][] priors = t.classPriors();
    // Expected atoms firing per token, by enumerating every label combination (9 x 2 x 7).
    double expected = 0;
    for (int age = 0; age < 9; age++) {
      for (int gender = 0; gender < 2; gender++) {
        for (int race = 0; race < 7; race++) {
          double p = priors[0][age] * priors[1][gender] * priors[2][race];
          int[] labels = {age, gender, race};
          for (int i = 0; i < spec.atoms(); i++) {
            expected += p * (t.conditionHolds(i, labels) ? t.activeRate()[i] : t.baseRate()[i]);
          }
        }
      }
    }
    assertEquals(8.0, expected, 1e-4);
    for (int i = 0; i < spec.atoms(); i++) {
      if (t.atomAttribute()[i] == DemoTruth.NONE) {
        assertEquals(t.baseRate()[i], t.activeRate()[i]);
      } else {
        assertTrue(t.activeRate()[i] > 20 * t.baseRate()[i], "atom " + i);
      }
    }
    // An intersectional atom is not favoured by one matching attribute alone.
    int i = t.intersectionalAtoms().get(0);
    int[] c = t.atomCondition()[i];
    int[] onlyA = {0, 0, 0};
    onlyA[c[0]] = c[1];
    onlyA[c[2]] = (c[3] + 1) % DemoGenerator.CLASS_COUNTS[c[2]];
    assertFalse(t.conditionHolds(i, onlyA));
    int[] both = onlyA.clone();
    both[c[2]] = c[3];
    assertTrue(t.conditionHolds(i, both));
  }

  /**
   * The planted structure is visible in the written float16 data. With fewer atoms than
   * dimensions the dictionary has full row rank, so least squares on each token recovers its
   * coefficients up to noise (a fired atom has c >= 0.5, others 0): thresholding at 0.25 tells
   * which atoms fired, and the firing frequencies per condition must match the truth's rates within
   * binomial error.
   */
  @Test
  void attributeAndIntersectionalAtomsFireAtTheirRatesPerCondition() {
    DemoSpec spec = new DemoSpec(1500, 0, 8, 128, 64, 4, 0.02, 11, true, 1.0);
    Path file = dir.resolve("signal.h5");
    DemoTruth truth = DemoGenerator.generate(spec, file);
    int n = 1500;
    int t = 8;
    int d = 128;
    int m = spec.atoms();
    float[] x;
    long[][] labels = new long[3][];
    try (HdfFile hdf = new HdfFile(file)) {
      x = (float[]) hdf.getDatasetByPath("/training/encoded").getDataFlat();
      for (int a = 0; a < 3; a++) {
        labels[a] = (long[]) hdf.getDatasetByPath("/training/labels/" + ATTRS[a]).getDataFlat();
      }
    }
    float[][] atoms = truth.atoms();
    float[] offset = truth.offset();
    double[][] chol = cholesky(gram(atoms));
    int[][] cond = truth.atomCondition();
    // per atom: [fired, tokens] where the condition holds, fails, and (intersectional) half holds
    long[][] in = new long[m][2];
    long[][] out = new long[m][2];
    long[][] half = new long[m][2];
    double[] b = new double[m];
    for (int s = 0; s < n; s++) {
      int[] lab = {(int) labels[0][s], (int) labels[1][s], (int) labels[2][s]};
      for (int k = 0; k < t; k++) {
        int base = (s * t + k) * d;
        for (int i = 0; i < m; i++) {
          double p = 0;
          for (int j = 0; j < d; j++) {
            p += (x[base + j] - offset[j]) * atoms[i][j];
          }
          b[i] = p;
        }
        double[] c = solve(chol, b);
        for (int i = 0; i < m; i++) {
          int fired = c[i] > 0.25 ? 1 : 0;
          boolean first = cond[i][0] >= 0 && lab[cond[i][0]] == cond[i][1];
          boolean second = cond[i][2] < 0 || lab[cond[i][2]] == cond[i][3];
          if (first && second) { // the condition as the file's atom_condition documents it
            in[i][0] += fired;
            in[i][1]++;
          } else {
            out[i][0] += fired;
            out[i][1]++;
            if (cond[i][2] >= 0 && first != second) {
              half[i][0] += fired;
              half[i][1]++;
            }
          }
        }
      }
    }
    int checked = 0;
    for (int i = 0; i < m; i++) {
      String what = "atom " + i + " condition " + java.util.Arrays.toString(cond[i]);
      assertRate(out[i], truth.baseRate()[i], what + " where its condition fails");
      if (cond[i][0] >= 0) {
        assertRate(in[i], truth.activeRate()[i], what + " where its condition holds");
        checked += in[i][1] > 0 ? 1 : 0;
      }
      if (cond[i][2] >= 0) {
        assertRate(half[i], truth.baseRate()[i], what + " where only one attribute matches");
      }
    }
    assertTrue(checked >= 40, "planted atoms observed: " + checked);
    assertTrue(truth.activeRate()[truth.attributeAtoms(0, 3).get(0)] > 4 * truth.baseRate()[0]);
  }

  /** |observed - rate| within 4 binomial standard deviations (+0.01 for threshold errors). */
  private static void assertRate(long[] firedAndTokens, double rate, String what) {
    if (firedAndTokens[1] == 0) {
      return;
    }
    double observed = (double) firedAndTokens[0] / firedAndTokens[1];
    double sd = Math.sqrt(rate * (1 - rate) / firedAndTokens[1]);
    assertEquals(rate, observed, 4 * sd + 0.01, what + " (" + firedAndTokens[1] + " tokens)");
  }

  private static double[][] gram(float[][] a) {
    int m = a.length;
    double[][] g = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < a[i].length; k++) {
          s += (double) a[i][k] * a[j][k];
        }
        g[i][j] = s;
        g[j][i] = s;
      }
    }
    return g;
  }

  private static double[][] cholesky(double[][] g) {
    int m = g.length;
    double[][] l = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double s = g[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
      }
    }
    return l;
  }

  private static double[] solve(double[][] l, double[] b) {
    int m = b.length;
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] c = new double[m];
    for (int i = m - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < m; k++) {
        s -= l[k][i] * c[k];
      }
      c[i] = s / l[i][i];
    }
    return c;
  }

  @Test
  void sameSeedSameFileOtherSeedOtherData() throws IOException {
    DemoSpec spec = new DemoSpec(200, 50, 0, 16, 64, 3, 0.05, 5, false, 1.0);
    Path a = dir.resolve("a.h5");
    Path b = dir.resolve("b.h5");
    Path c = dir.resolve("c.h5");
    DemoGenerator.generate(spec, a);
    DemoGenerator.generate(spec, b);
    DemoGenerator.generate(new DemoSpec(200, 50, 0, 16, 64, 3, 0.05, 6, false, 1.0), c);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    try (HdfFile ha = new HdfFile(a); HdfFile hc = new HdfFile(c)) {
      Dataset ea = ha.getDatasetByPath("/training/encoded");
      assertArrayEquals(new int[] {200, 16}, ea.getDimensions(), "tokens 0: pooled 2-D latents");
      float[] va = (float[]) ea.getDataFlat();
      float[] vc = (float[]) hc.getDatasetByPath("/training/encoded").getDataFlat();
      assertFalse(java.util.Arrays.equals(va, vc));
      // float16 values are what float16 can hold (no NaN, finite).
      for (float v : va) {
        assertEquals(v, Float16.toFloat(Float16.fromFloat(v)));
      }
    }
  }

  @Test
  void labelsFollowThePriors() {
    DemoSpec spec = new DemoSpec(6000, 0, 0, 8, 64, 2, 0.0, 9, false, 1.0);
    Path file = dir.resolve("priors.h5");
    DemoTruth truth = DemoGenerator.generate(spec, file);
    try (HdfFile hdf = new HdfFile(file)) {
      for (int a = 0; a < 3; a++) {
        long[] l = (long[]) hdf.getDatasetByPath("/training/labels/" + ATTRS[a]).getDataFlat();
        double[] prior = truth.classPriors()[a];
        for (int c = 0; c < prior.length; c++) {
          int count = 0;
          for (long v : l) {
            count += v == c ? 1 : 0;
          }
          // 4 standard deviations of a binomial proportion with n = 6000.
          double sd = Math.sqrt(prior[c] * (1 - prior[c]) / 6000);
          assertEquals(prior[c], count / 6000.0, 4 * sd + 1e-9, ATTRS[a] + " class " + c);
        }
      }
    }
  }

  @Test
  void specRejectsTooFewAtoms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DemoSpec(10, 0, 4, 8, 42, 2, 0.0, 0, true, 1.0));
    assertTrue(e.getMessage().contains("atoms = 42"), e.getMessage());
  }
}
