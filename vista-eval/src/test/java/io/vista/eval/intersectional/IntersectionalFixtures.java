package io.vista.eval.intersectional;

import io.vista.eval.JsonFixtures;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads the reference fixtures written by tools/intersectional/make_fixtures.py. */
final class IntersectionalFixtures {
  private IntersectionalFixtures() {}

  static JsonObject load(String name) {
    return JsonFixtures.load("/intersectional/" + name);
  }

  static double[] doubles(JsonElement e) {
    JsonArray a = e.getAsJsonArray();
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = num(a.get(i));
    }
    return out;
  }

  static int[] ints(JsonElement e) {
    return JsonFixtures.ints(e);
  }

  static List<Integer> intList(JsonElement e) {
    List<Integer> out = new ArrayList<>();
    for (int v : ints(e)) {
      out.add(v);
    }
    return out;
  }

  /** A number, with Python's NaN / Infinity literals. */
  static double num(JsonElement e) {
    String s = e.getAsString();
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(s);
    }
  }

  static float[] float32Base64(JsonElement e) {
    byte[] bytes = Base64.getDecoder().decode(e.getAsString());
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.length / 4];
    buf.asFloatBuffer().get(out);
    return out;
  }

  /** |a - b| <= rel * max(|a|, |b|) (or both NaN, or equal). */
  static boolean closeRel(double a, double b, double rel) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
  }
}
