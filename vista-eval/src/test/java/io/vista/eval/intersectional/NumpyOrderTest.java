package io.vista.eval.intersectional;

import io.vista.eval.numpy.NumpyOrder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tie orders against numpy 1.24's own argsort / argpartition output (numpy_order.json). */
class NumpyOrderTest {
  private static final JsonObject FIXTURE = IntersectionalFixtures.load("numpy_order.json");

  @Test
  void argsortMatchesNumpyIncludingTies() {
    int cases = 0;
    for (JsonElement e : FIXTURE.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      double[] v = IntersectionalFixtures.doubles(c.get("values"));
      assertArrayEquals(
          IntersectionalFixtures.ints(c.get("argsort")), NumpyOrder.argsort(v), c.get("name").getAsString());
      cases++;
    }
    assertTrue(cases >= 15);
  }

  @Test
  void argpartitionMatchesNumpyIncludingTies() {
    int calls = 0;
    for (JsonElement e : FIXTURE.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      double[] v = IntersectionalFixtures.doubles(c.get("values"));
      for (JsonElement p : c.getAsJsonArray("argpartition")) {
        int kth = p.getAsJsonObject().get("kth").getAsInt();
        assertArrayEquals(
            IntersectionalFixtures.ints(p.getAsJsonObject().get("result")),
            NumpyOrder.argpartition(v, kth),
            c.get("name").getAsString() + " kth=" + kth);
        calls++;
      }
    }
    assertTrue(calls >= 40);
  }

  @Test
  void argsortSortsAndArgpartitionPartitions() {
    Random rnd = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(300);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = rnd.nextInt(7);
      }
      int[] order = NumpyOrder.argsort(v);
      for (int i = 1; i < n; i++) {
        assertTrue(v[order[i - 1]] <= v[order[i]]);
      }
      int kth = rnd.nextInt(n);
      int[] part = NumpyOrder.argpartition(v, kth);
      double pivot = v[order[kth]];
      assertEquals(pivot, v[part[kth]]);
      for (int i = 0; i < n; i++) {
        assertTrue(i < kth ? v[part[i]] <= pivot : v[part[i]] >= pivot);
      }
    }
  }

  @Test
  void sumUsesNumpysEightLanePairwiseOrder() {
    // Near 1e16 doubles are spaced by 2, so 1e16 + 1 rounds (to even) back to 1e16. Summed one
    // after the other every 1 is lost and the total is 0; numpy keeps the ones in lanes 1..7,
    // adds ((1e16 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) = 1e16 + 6, then the ninth value -1e16.
    double[] a = {1e16, 1, 1, 1, 1, 1, 1, 1, -1e16};
    assertEquals(6.0, NumpyOrder.sum(a, a.length));
    double seq = 0;
    for (double x : a) {
      seq += x;
    }
    assertEquals(0.0, seq);
    // Fewer than eight values: plain left-to-right summation.
    assertEquals(0.0, NumpyOrder.sum(new double[] {1e16, 1, 1, -1e16}, 4));
  }

  @Test
  void float32ColumnMeansAreBitIdenticalToNumpy() {
    // x[:, idx].mean(axis=0) on float32: pairwise per column within 8192-element chunks
    int cases = 0;
    for (JsonElement e : FIXTURE.getAsJsonArray("float32_column_means")) {
      JsonObject c = e.getAsJsonObject();
      int n = c.get("n").getAsInt();
      float[] cols = IntersectionalFixtures.float32Base64(c.get("columns_f32_base64"));
      double[] expected = IntersectionalFixtures.doubles(c.get("mean"));
      for (int q = 0; q < expected.length; q++) {
        float[] col = java.util.Arrays.copyOfRange(cols, q * n, (q + 1) * n);
        float mean = NumpyOrder.sum(col, n) / (float) n;
        assertEquals((float) expected[q], mean, 0.0f, "n=" + n + " column " + q);
        cases++;
      }
    }
    assertTrue(cases >= 9);
  }
}
