package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void linearInterpolationByHand() {
    long[] v = {4, 1, 3, 2};
    // sorted 1 2 3 4; virtual index 3q/100
    assertEquals(1.0, Percentiles.linear(v, 0));
    assertEquals(1.75, Percentiles.linear(v, 25)); // 0.75 between 1 and 2
    assertEquals(2.5, Percentiles.linear(v, 50)); // 1.5 between 2 and 3
    assertEquals(3.25, Percentiles.linear(v, 75)); // 2.25 between 3 and 4
    assertEquals(4.0, Percentiles.linear(v, 100));
    assertEquals(7.0, Percentiles.linear(new long[] {7}, 90));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.linear(new long[0], 50));
  }

  @Test
  void matchesNumpy() {
    for (JsonElement e : MetricsFixtures.json("percentiles.json").getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      long[] v = MetricsFixtures.longs(c.get("values"));
      JsonObject expected = c.getAsJsonObject("percentiles");
      for (String p : expected.keySet()) {
        assertEquals(expected.get(p).getAsDouble(), Percentiles.linear(v, Integer.parseInt(p)),
            "n=" + v.length + " p=" + p);
      }
    }
  }
}
