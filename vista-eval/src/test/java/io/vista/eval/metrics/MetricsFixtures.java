package io.vista.eval.metrics;

import io.vista.eval.JsonFixtures;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the fixtures of tools/eval/make_fixtures.py (numpy / torch / scikit-learn / evaluation.py outputs). */
final class MetricsFixtures {
  private MetricsFixtures() {}

  static JsonObject json(String name) {
    return JsonFixtures.load("/metrics/" + name);
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
    return JsonFixtures.ints(e);
  }

  static long[] longs(JsonElement e) {
    return JsonFixtures.longs(e);
  }

  static double[] doubles(JsonElement e) {
    return JsonFixtures.doubles(e);
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
    return JsonFixtures.open("/metrics/" + name);
  }
}
