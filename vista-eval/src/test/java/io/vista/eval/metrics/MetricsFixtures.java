package io.vista.eval.metrics;

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
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the fixtures of tools/eval/make_fixtures.py (numpy / torch / scikit-learn / evaluation.py outputs). */
final class MetricsFixtures {
  private MetricsFixtures() {}

  static JsonObject json(String name) {
    try (InputStream in = open(name)) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A little-endian float32 file. */
  static float[] floats(String name) {
    try (InputStream in = open(name)) {
      byte[] b = in.readAllBytes();
      float[] out = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
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

  /** The label vectors of a fixture, in file order (evaluation.py's dict order). */
  static Map<String, long[]> labels(JsonObject labels) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (String k : labels.keySet()) {
      out.put(k, longs(labels.get(k)));
    }
    return out;
  }

  private static InputStream open(String name) {
    InputStream in = MetricsFixtures.class.getResourceAsStream("/metrics/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource /metrics/" + name);
    }
    return in;
  }
}
