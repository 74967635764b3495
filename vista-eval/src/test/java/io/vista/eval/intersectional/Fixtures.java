package io.vista.eval.intersectional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads the reference fixtures written by tools/intersectional/make_fixtures.py. */
final class Fixtures {
  private Fixtures() {}

  static JsonObject load(String name) {
    String path = "/intersectional/" + name;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    JsonArray a = e.getAsJsonArray();
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
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
