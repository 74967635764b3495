package io.vista.core.internal.io;

import io.vista.core.CheckpointException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path tmp;

  /** The fixture written by numpy (tools/checkpoints/make_fixtures.py) against numpy's own decoding. */
  @Test
  void readsPythonWrittenFixture() {
    Path file = CheckpointFixtures.path("reference.safetensors");
    JsonObject expected = CheckpointFixtures.json("reference.expected.json");
    LinkedHashMap<String, NamedTensor> tensors = SafeTensors.read(file);

    List<String> order = new ArrayList<>();
    expected.getAsJsonArray("header_order").forEach(e -> order.add(e.getAsString()));
    assertEquals(order, new ArrayList<>(tensors.keySet()), "header order");

    for (Map.Entry<String, JsonElement> e : expected.getAsJsonObject("tensors").entrySet()) {
      JsonObject exp = e.getValue().getAsJsonObject();
      NamedTensor t = tensors.get(e.getKey());
      String dtype = exp.get("dtype").getAsString();
      assertEquals(dtype, t.dtype(), e.getKey());
      assertArrayEquals(CheckpointFixtures.longs(exp.get("shape")), t.shape(), e.getKey());
      switch (dtype) {
        case "I64", "I32" -> assertArrayEquals(CheckpointFixtures.longs(exp.get("values")), t.toLongs(), e.getKey());
        case "F64" -> assertArrayEquals(CheckpointFixtures.doubles(exp.get("values")), t.toDoubles(), e.getKey());
        default -> assertArrayEquals(CheckpointFixtures.floats(exp.get("values")), t.toFloats(), e.getKey());
      }
    }
    Map<String, String> meta = new LinkedHashMap<>();
    expected.getAsJsonObject("metadata").entrySet().forEach(m -> meta.put(m.getKey(), m.getValue().getAsString()));
    assertEquals(meta, SafeTensors.readMetadata(file));
    assertEquals("\u00e9\u2713", SafeTensors.readMetadata(file).get("unicode"));
  }

  @Test
  void roundTripsEveryDtypeAndKeepsOrder() {
    Map<String, NamedTensor> in = new LinkedHashMap<>();
    in.put("z_last_name_first", NamedTensor.ofFloats(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, -0f, Float.NaN}));
    in.put("a", NamedTensor.ofLongs(new long[] {2}, new long[] {Long.MAX_VALUE, Long.MIN_VALUE}));
    in.put("half", new NamedTensor("F16", new long[] {1}, ByteBuffer.wrap(new byte[] {0x00, 0x3C})));
    in.put("bf", new NamedTensor("BF16", new long[] {1}, ByteBuffer.wrap(new byte[] {(byte) 0x80, 0x3F})));
    in.put("d", NamedTensor.ofDoubles(new long[] {}, new double[] {Math.PI}));
    in.put("i", NamedTensor.ofInts(new long[] {1, 1}, new int[] {-5}));
    in.put("empty", NamedTensor.ofFloats(new long[] {0}, new float[0]));
    Path f = tmp.resolve("rt.safetensors");
    SafeTensors.write(f, in, Map.of("step", "12"));
    LinkedHashMap<String, NamedTensor> out = SafeTensors.read(f);
    assertEquals(in, out);
    assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.keySet()));
    assertEquals(Map.of("step", "12"), SafeTensors.readMetadata(f));
  }

  /** The byte layout, checked by hand rather than through our own reader. */
  @Test
  void writesTheReferenceLayout() throws IOException {
    Path f = tmp.resolve("layout.safetensors");
    Map<String, NamedTensor> in = new LinkedHashMap<>();
    in.put("w", NamedTensor.ofFloats(new long[] {2}, new float[] {1f, 2f}));
    in.put("s", NamedTensor.ofLongs(new long[] {1}, new long[] {3}));
    SafeTensors.write(f, in, null);
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"s\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}", header.stripTrailing());
    assertEquals(8 + n + 16, bytes.length);
    ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), 16).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1f, data.getFloat());
    assertEquals(2f, data.getFloat());
    assertEquals(3L, data.getLong());
  }

  @Test
  void failedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
    Path f = tmp.resolve("keep.safetensors");
    Map<String, NamedTensor> old = Map.of("x", NamedTensor.ofFloats(new long[] {1}, new float[] {5f}));
    SafeTensors.write(f, old, null);
    RuntimeException boom = assertThrows(RuntimeException.class,
        () -> SafeTensors.write(f, new ExplodingMap(), null));
    assertEquals("boom", boom.getMessage());
    assertEquals(old, SafeTensors.read(f));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(f), s.toList());
    }
  }

  // ------------------------------------------------------------------ corrupt files

  @Test
  void rejectsShortFilesAndBadHeaderLengths() throws IOException {
    assertError(raw(new byte[] {1, 2, 3}), "too short");
    assertError(withHeaderLength(1_000_000, "{}"), "header length 1000000 is invalid");
    assertError(withHeaderLength(-1, "{}"), "header length 18446744073709551615");
    assertError(raw(new byte[8]), "header length 0 is invalid");
  }

  @Test
  void rejectsMalformedHeaders() throws IOException {
    assertError(file("[1,2]".getBytes(StandardCharsets.UTF_8)), "not a JSON object");
    assertError(file("{\"a\": {\"dtype\": \"F32\", ".getBytes(StandardCharsets.UTF_8)), "not valid JSON");
    assertError(file(new byte[] {'{', '"', (byte) 0xC3, '"', '}', ' ', ' ', ' '}), "not valid UTF-8");
    assertError(file(header("{\"__metadata__\": {\"k\": 1}}"), 0), "value of 'k' is not a string");
    assertError(file(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [1]}}"), 4), "tensor 'a' has no array 'data_offsets'");
    assertError(file(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}"), 4),
        "tensor 'a' has 'shape' entry -1");
    assertError(file(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}"), 4),
        "not a non-negative integer");
  }

  @Test
  void rejectsUnknownDtype() throws IOException {
    Path f = file(header("{\"a\": {\"dtype\": \"F8_E4M3\", \"shape\": [4], \"data_offsets\": [0, 4]}}"), 4);
    assertError(f, "tensor 'a' has unknown dtype 'F8_E4M3'");
  }

  @Test
  void rejectsSizeThatDisagreesWithShape() throws IOException {
    Path f = file(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 20]}}"), 20);
    assertError(f, "tensor 'a' has 20 bytes but F32 [2, 3] needs 24");
  }

  @Test
  void rejectsOverlapGapOutOfRangeAndTrailingBytes() throws IOException {
    String two = "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
        + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [%d, %d]}}";
    assertError(file(header(String.format(two, 4, 12)), 12), "tensor 'b' starts at 4, expected 8 (overlaps");
    assertError(file(header(String.format(two, 12, 20)), 20), "tensor 'b' starts at 12, expected 8 (gap");
    assertError(file(header(String.format(two, 8, 16)), 12), "tensor 'b' ends at 16, beyond the 12 data bytes");
    assertError(file(header(String.format(two, 8, 16)), 20), "tensors cover 16 of 20 data bytes");
    assertError(file(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [8, 4]}}"), 8),
        "end < begin");
  }

  @Test
  void truncatedFixtureNamesFileAndTensor() throws IOException {
    byte[] all = Files.readAllBytes(CheckpointFixtures.path("reference.safetensors"));
    Path f = tmp.resolve("cut.safetensors");
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 10));
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().startsWith(f.toString() + ": tensor 'b_enc' ends at"), e.getMessage());
  }

  @Test
  void missingFile() {
    Path f = tmp.resolve("nope.safetensors");
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
    assertEquals(f + ": no such file", e.getMessage());
  }

  // ------------------------------------------------------------------ helpers

  private void assertError(Path f, String fragment) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  private int counter;

  private Path raw(byte[] bytes) throws IOException {
    Path f = tmp.resolve("bad" + (counter++) + ".safetensors");
    Files.write(f, bytes);
    return f;
  }

  /** A file whose header is {@code json}, followed by {@code dataBytes} zero bytes. */
  private Path file(byte[] json, int dataBytes) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    return raw(b.array());
  }

  private Path file(byte[] json) throws IOException {
    return file(json, 0);
  }

  private Path withHeaderLength(long n, String json) throws IOException {
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + j.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(n).put(j);
    return raw(b.array());
  }

  private static byte[] header(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** A map that fails while the writer walks it, as a tensor whose serialisation throws. */
  static final class ExplodingMap extends AbstractMap<String, NamedTensor> {
    @Override
    public Set<Map.Entry<String, NamedTensor>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, NamedTensor>> iterator() {
          Iterator<Map.Entry<String, NamedTensor>> it =
              Map.of("x", NamedTensor.ofFloats(new long[] {1}, new float[] {1f})).entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Map.Entry<String, NamedTensor> next() {
              throw new IllegalStateException("boom");
            }
          };
        }

        @Override
        public int size() {
          return 1;
        }
      };
    }
  }
}
