package io.vista.eval.numpy;

import io.vista.eval.JsonFixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpyOrder#argsort(float[])} against numpy 1.24's argsort and heapsort of float32 vectors
 * with ties, signed zeros and NaN (vista-eval's metrics fixture {@code argsort.json}, written by
 * {@code tools/eval/make_fixtures.py}).
 */
class NumpyArgsortFixtureTest {
  @Test
  void shortArraysAreInsertionSortedStably() {
    assertArrayEquals(new int[] {4, 1, 3, 0, 2}, NumpyOrder.argsort(new float[] {2, 1, 2, 1, 0}));
  }

  @Test
  void nanSortsLast() {
    assertArrayEquals(new int[] {2, 1, 0}, NumpyOrder.argsort(new float[] {Float.NaN, 1, -1}));
  }

  @Test
  void tiesComeOutInNumpysOrder() throws Exception {
    for (JsonElement e : fixture().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      float[] v = values(c);
      String at = "n=" + v.length;
      assertArrayEquals(ints(c.get("argsort")), NumpyOrder.argsort(v), at);
      int[] heap = new int[v.length];
      for (int i = 0; i < heap.length; i++) {
        heap[i] = i;
      }
      NumpyOrder.heapsort(NumpyOrder.widen(v), heap, 0, v.length);
      assertArrayEquals(ints(c.get("heapsort")), heap, at + " heapsort");
    }
  }

  private static JsonObject fixture() {
    return JsonFixtures.load("/metrics/argsort.json");
  }

  private static int[] ints(JsonElement e) {
    return JsonFixtures.ints(e);
  }

  private static float[] values(JsonObject c) {
    JsonArray a = c.getAsJsonArray("values");
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).isJsonNull() ? Float.NaN : a.get(i).getAsFloat();
    }
    for (int i : ints(c.get("neg_zero"))) {
      v[i] = -0.0f;
    }
    return v;
  }
}
