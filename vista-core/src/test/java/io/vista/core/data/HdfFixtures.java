package io.vista.core.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed fixtures of {@code tools/fixtures/make_fixtures.py}: HDF5 files written by h5py
 * and what h5py read back from them (JSON metadata, float32 .bin dumps).
 */
final class HdfFixtures {
  private HdfFixtures() {}

  static Path path(String name) {
    URL url = HdfFixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A little-endian float32 dump. */
  static float[] floats(String name) {
    ByteBuffer bb = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bb.remaining() / 4];
    bb.asFloatBuffer().get(out);
    return out;
  }

  /** {@code <fixture>.expected.json}. */
  static JsonObject expected(String fixture) {
    try {
      return JsonParser.parseString(Files.readString(path(fixture + ".expected.json"))).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject split(String fixture, String split) {
    return expected(fixture).getAsJsonObject("splits").getAsJsonObject(split);
  }

  static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  static int[] ints(JsonArray a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
  }

  /** The h5py label vector {@code key} of a split. */
  static long[] labels(String fixture, String split, String key) {
    return longs(split(fixture, split).getAsJsonObject("labels").getAsJsonArray(key));
  }

  /** h5py/numpy's value -> count histogram of one label. */
  static Map<Long, Long> labelCounts(String fixture, String split, String key) {
    Map<Long, Long> out = new TreeMap<>();
    JsonObject counts = split(fixture, split).getAsJsonObject("label_counts").getAsJsonObject(key);
    for (Map.Entry<String, JsonElement> e : counts.entrySet()) {
      out.put(Long.parseLong(e.getKey()), e.getValue().getAsLong());
    }
    return out;
  }

  /** The features h5py read for {@code split/key}, as float32. */
  static float[] features(String fixture, String split, String key) {
    JsonObject f = split(fixture, split).getAsJsonObject("features").getAsJsonObject(key);
    return floats(f.get("bin").getAsString());
  }

  /** numpy's float64 mean over tokens, cast to float32. */
  static float[] meanPooled(String fixture, String split, String key) {
    JsonObject f = split(fixture, split).getAsJsonObject("features").getAsJsonObject(key);
    return floats(f.get("mean_bin").getAsString());
  }

  static int[] shape(String fixture, String split, String key) {
    return ints(split(fixture, split).getAsJsonObject("features").getAsJsonObject(key).getAsJsonArray("shape"));
  }

  /** A copy of a fixture in {@code dir}, cut to {@code keepBytes} bytes. */
  static Path truncatedCopy(String fixture, Path dir, long keepBytes) throws IOException {
    byte[] all = bytes(fixture);
    Path out = dir.resolve("truncated-" + fixture);
    Files.write(out, java.util.Arrays.copyOf(all, (int) keepBytes));
    return out;
  }
}
