package io.vista.eval.stats;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON fixtures written by tools/stats/make_fixtures.py (numpy / scikit-learn outputs). */
final class Fixtures {
  private Fixtures() {}

  static JsonObject load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/stats/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /stats/" + name);
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] ints(JsonElement e) {
    JsonArray a = e.getAsJsonArray();
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
  }

  static long[] longs(JsonElement e) {
    JsonArray a = e.getAsJsonArray();
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  static double[] doubles(JsonElement e) {
    JsonArray a = e.getAsJsonArray();
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
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
