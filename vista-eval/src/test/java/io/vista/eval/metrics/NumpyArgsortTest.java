package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class NumpyArgsortTest {
  @Test
  void shortArraysAreInsertionSortedStably() {
    float[] v = {2, 1, 2, 1, 0};
    assertArrayEquals(new int[] {4, 1, 3, 0, 2}, NumpyArgsort.argsort(v));
    assertArrayEquals(new int[] {2, 0, 3, 1, 4}, ClassStatistics.argsortDescending(v));
  }

  @Test
  void nanSortsLast() {
    float[] v = {Float.NaN, 1, -1};
    assertArrayEquals(new int[] {2, 1, 0}, NumpyArgsort.argsort(v));
  }

  @Test
  void tiesComeOutInNumpysOrder() {
    for (JsonElement e : MetricsFixtures.json("argsort.json").getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      float[] v = values(c);
      String at = "n=" + v.length;
      assertArrayEquals(MetricsFixtures.ints(c.get("argsort")), NumpyArgsort.argsort(v), at);
      int[] heap = new int[v.length];
      for (int i = 0; i < heap.length; i++) {
        heap[i] = i;
      }
      NumpyArgsort.aheapsort(v, heap, 0, v.length);
      assertArrayEquals(MetricsFixtures.ints(c.get("heapsort")), heap, at + " heapsort");
    }
  }

  private static float[] values(JsonObject c) {
    JsonArray a = c.getAsJsonArray("values");
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).isJsonNull() ? Float.NaN : a.get(i).getAsFloat();
    }
    for (int i : MetricsFixtures.ints(c.get("neg_zero"))) {
      v[i] = -0.0f;
    }
    return v;
  }
}
