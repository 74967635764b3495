package io.vista.eval.intersectional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationRowsTest {
  @Test
  void rowViewsColumnsAndBatchedColumnsAgree() {
    int n = 5;
    int m = 300; // more than one 256-feature batch
    float[] x = new float[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        x[i * m + j] = 1000 * i + j;
      }
    }
    ActivationRows a = ActivationRows.of(x, n, m);
    ActivationRows v = a.rows(new int[] {4, 1}).rows(new int[] {1});
    assertEquals(1, v.n());
    assertEquals(1007f, v.get(0, 7));
    assertArrayEquals(new float[] {7, 1007, 2007, 3007, 4007}, a.column(7));

    int[] features = new int[m + 3];
    for (int q = 0; q < m; q++) {
      features[q] = (q * 7919) % m; // a permutation, unsorted
    }
    features[m] = 5;
    features[m + 1] = 5; // duplicates are served twice
    features[m + 2] = 0;
    List<Integer> seen = new ArrayList<>();
    a.forEachColumn(features, (f, col) -> {
      seen.add(f);
      for (int i = 0; i < n; i++) {
        assertEquals(1000 * i + f, col[i], 0f);
      }
    });
    assertEquals(features.length, seen.size());
    for (int q = 0; q < features.length; q++) {
      assertEquals(features[q], seen.get(q));
    }
  }

  @Test
  void shapeAndValuesAreChecked() {
    VistaException shape =
        assertThrows(VistaException.class, () -> ActivationRows.of(new float[5], 2, 3));
    assertEquals("features: length 5 does not match n=2 x m=3", shape.getMessage());
    assertThrows(VistaException.class, () -> ActivationRows.of(new float[] {0, Float.POSITIVE_INFINITY}, 1, 2));
    ActivationRows a = ActivationRows.of(new float[6], 2, 3);
    assertThrows(VistaException.class, () -> a.column(3));
    assertThrows(VistaException.class, () -> a.rows(new int[] {2}));
  }
}
