package io.vista.core.internal.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Committed fixtures under {@code src/test/resources/checkpoints/} (made by tools/checkpoints/). */
public final class CheckpointFixtures {
  private CheckpointFixtures() {}

  public static Path path(String name) {
    URL url = CheckpointFixtures.class.getResource("/checkpoints/" + name);
    if (url == null) {
      throw new IllegalStateException("missing fixture " + name + "; run tools/checkpoints/*.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON fixture; lenient so Python's NaN / Infinity tokens parse. */
  public static JsonObject json(String name) {
    try {
      return JsonParser.parseString(Files.readString(path(name), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long[] longs(JsonElement array) {
    JsonArray a = array.getAsJsonArray();
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  /** JSON numbers as floats: each was written from a float32 (or narrower) value, so exact. */
  public static float[] floats(JsonElement array) {
    JsonArray a = array.getAsJsonArray();
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).getAsDouble();
    }
    return out;
  }

  public static double[] doubles(JsonElement array) {
    JsonArray a = array.getAsJsonArray();
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }

  /** Copies a fixture into {@code dir} (tests that damage files work on copies). */
  public static Path copy(String name, Path dir) throws IOException {
    Path to = dir.resolve(Path.of(name).getFileName().toString());
    Files.copy(path(name), to);
    return to;
  }
}
