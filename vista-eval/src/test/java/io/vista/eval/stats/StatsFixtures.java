package io.vista.eval.stats;

import io.vista.eval.JsonFixtures;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Reads the JSON fixtures written by tools/stats/make_fixtures.py (numpy / scikit-learn outputs). */
final class StatsFixtures {
  private StatsFixtures() {}

  static JsonObject load(String name) {
    return JsonFixtures.load("/stats/" + name);
  }

  static int[] ints(JsonElement e) {
    return JsonFixtures.ints(e);
  }

  static long[] longs(JsonElement e) {
    return JsonFixtures.longs(e);
  }

  static double[] doubles(JsonElement e) {
    return JsonFixtures.doubles(e);
  }

  /** float32 values written as the exact doubles Python prints for them. */
  static float[] floats(JsonElement e) {
    double[] d = doubles(e);
    float[] out = new float[d.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) d[i];
      if (out[i] != d[i]) {
        throw new IllegalStateException("fixture value " + d[i] + " is not a float32");
      }
    }
    return out;
  }

  static double[][] matrix(JsonElement e) {
    JsonArray a = e.getAsJsonArray();
    double[][] out = new double[a.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubles(a.get(i));
    }
    return out;
  }
}
