package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class NumpyFloat32Test {
  @Test
  void smallSumsByHand() {
    // Fewer than 8 values: a plain float32 loop. 2^24 + 1 is not a float: 16777216 + 1 rounds back down.
    float[] a = {16777216f, 1f, 1f};
    assertEquals(16777216f, NumpyFloat32.sum(a, 0, 3));
    assertEquals(2.5f, NumpyFloat32.mean(new float[] {1, 2, 3, 4}, 0, 4));
    // var of {1, 2, 3, 4}: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, / 4
    assertEquals(1.25f, NumpyFloat32.variance(new float[] {1, 2, 3, 4}, 0, 4));
    assertEquals(2.5f, NumpyFloat32.median(new float[] {4, 1, 3, 2}));
    assertEquals(3f, NumpyFloat32.median(new float[] {5, 1, 3}));
  }

  @Test
  void matchesNumpyOnRandomVectors() {
    JsonObject fx = MetricsFixtures.json("float32_reductions.json");
    for (JsonElement e : fx.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      float[] x = MetricsFixtures.floats(c.get("bin").getAsString());
      int n = c.get("n").getAsInt();
      assertEquals(n, x.length);
      String at = "n=" + n;
      assertEquals((float) c.get("sum").getAsDouble(), NumpyFloat32.sum(x, 0, n), at);
      assertEquals((float) c.get("mean").getAsDouble(), NumpyFloat32.mean(x, 0, n), at);
      assertEquals((float) c.get("var").getAsDouble(), NumpyFloat32.variance(x, 0, n), at);
      assertEquals((float) c.get("std").getAsDouble(), NumpyFloat32.std(x, 0, n), at);
      assertEquals((float) c.get("median").getAsDouble(), NumpyFloat32.median(x), at);
    }
  }
}
