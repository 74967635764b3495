package io.vista.core.internal.io;

import io.vista.core.CheckpointException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON ({@code name -> {dtype,
 * shape, data_offsets: [begin, end]}} plus an optional {@code __metadata__} string map), then the
 * raw little-endian tensor bytes, offsets relative to the end of the header.
 *
 * <p>Reading is as strict as the reference implementation: the tensors must tile the byte buffer
 * exactly (no overlap, no gap, nothing after the last one), and each one's byte size must equal
 * product(shape) x item size. Anything else is a {@link CheckpointException} naming the file and
 * the tensor. Each tensor is read into its own heap buffer, so files above 2 GB work as long as
 * no single tensor is that large.
 */
public final class SafeTensors {
  /** The reserved header key of the string-to-string metadata map. */
  public static final String METADATA_KEY = "__metadata__";

  /** The reference implementation refuses headers above 100 MB; so do we. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

  private SafeTensors() {}

  /** All tensors of {@code file}, in header order. */
  public static LinkedHashMap<String, NamedTensor> read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Header h = readHeader(ch, file);
      LinkedHashMap<String, NamedTensor> out = new LinkedHashMap<>();
      for (Entry e : h.entries) {
        long size = e.end - e.begin;
        if (size > Integer.MAX_VALUE - 8) {
          throw new CheckpointException(
              file + ": tensor '" + e.name + "' has " + size + " bytes, more than one buffer can hold (2 GB)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        long pos = h.bufferStart + e.begin;
        while (buf.hasRemaining()) {
          int n = ch.read(buf, pos + buf.position());
          if (n < 0) {
            throw new CheckpointException(file + ": file ended inside tensor '" + e.name + "'");
          }
        }
        buf.flip();
        out.put(e.name, new NamedTensor(e.dtype.name(), e.shape, buf));
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file + ": no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read (" + AtomicFiles.describe(e) + ")", e);
    }
  }

  /** The {@code __metadata__} map of {@code file} (empty when absent); tensors are not read. */
  public static Map<String, String> readMetadata(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return readHeader(ch, file).metadata;
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file + ": no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read (" + AtomicFiles.describe(e) + ")", e);
    }
  }

  /**
   * Writes {@code tensors} (laid out in iteration order) and {@code metadata} (may be null or
   * empty: then no {@code __metadata__} entry) to {@code file} atomically: a temporary sibling is
   * written and fsynced, then renamed over {@code file}. On failure {@code file} is untouched.
   */
  public static void write(Path file, Map<String, NamedTensor> tensors, Map<String, String> metadata) {
    try (AtomicFiles.Pending p = AtomicFiles.begin(file)) {
      writeTo(p.channel(), file, tensors, metadata);
      p.commit();
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot write (" + AtomicFiles.describe(e) + ")", e);
    }
  }

  /** The serialisation itself, on an open channel. */
  static void writeTo(FileChannel ch, Path file, Map<String, NamedTensor> tensors, Map<String, String> metadata)
      throws IOException {
    // Snapshot the entries once, so the header and the data are guaranteed to agree.
    List<Map.Entry<String, NamedTensor>> entries = new ArrayList<>(tensors.entrySet());
    JsonObject header = new JsonObject();
    if (metadata != null && !metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach((k, v) -> meta.addProperty(k, v));
      header.add(METADATA_KEY, meta);
    }
    long offset = 0;
    for (Map.Entry<String, NamedTensor> e : entries) {
      String name = e.getKey();
      NamedTensor t = e.getValue();
      if (name == null || name.equals(METADATA_KEY) || t == null) {
        throw new CheckpointException(file + ": invalid tensor entry '" + name + "'");
      }
      JsonObject info = new JsonObject();
      info.addProperty("dtype", t.dtype());
      JsonArray shape = new JsonArray();
      for (long d : t.shape()) {
        shape.add(d);
      }
      info.add("shape", shape);
      long size = t.data().remaining();
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offsets.add(offset + size);
      info.add("data_offsets", offsets);
      header.add(name, info);
      offset += size;
    }
    byte[] json = COMPACT.toJson(header).getBytes(StandardCharsets.UTF_8);
    // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    writeFully(ch, head);
    for (Map.Entry<String, NamedTensor> e : entries) {
      writeFully(ch, e.getValue().data());
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  // ---------------------------------------------------------------- header parsing

  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  private record Header(long bufferStart, List<Entry> entries, Map<String, String> metadata) {}

  private static Header readHeader(FileChannel ch, Path file) throws IOException {
    long fileSize = ch.size();
    if (fileSize < 8) {
      throw new CheckpointException(
          file + ": file has " + fileSize + " bytes, too short for the 8-byte header length");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lenBuf, 0, file);
    long n = lenBuf.getLong(0); // u64; a negative long means above 2^63, certainly too large
    if (n < 2 || n > MAX_HEADER_BYTES || n > fileSize - 8) {
      throw new CheckpointException(
          file + ": header length " + Long.toUnsignedString(n) + " is invalid for a file of "
              + fileSize + " bytes");
    }
    ByteBuffer headBuf = ByteBuffer.allocate((int) n);
    readFully(ch, headBuf, 8, file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(headBuf.flip())
          .toString();
    } catch (CharacterCodingException e) {
      throw new CheckpointException(file + ": header is not valid UTF-8", e);
    }
    JsonObject root = parseHeaderJson(text, file);
    long bufferStart = 8 + n;
    long bufferSize = fileSize - bufferStart;

    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonElement> kv : root.entrySet()) {
      String name = kv.getKey();
      if (name.equals(METADATA_KEY)) {
        readMetadata(kv.getValue(), metadata, file);
      } else {
        entries.add(parseEntry(name, kv.getValue(), file));
      }
    }
    checkTiling(entries, bufferSize, file);
    return new Header(bufferStart, entries, java.util.Collections.unmodifiableMap(metadata));
  }

  private static JsonObject parseHeaderJson(String text, Path file) {
    JsonElement root;
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setStrictness(Strictness.STRICT);
      root = com.google.gson.JsonParser.parseReader(reader);
      // parseReader(JsonReader) does not insist on the end of input; padding is only spaces.
      if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
        throw new CheckpointException(file + ": header has trailing content after the JSON object");
      }
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw new CheckpointException(file + ": header is not valid JSON (" + firstLine(e) + ")", e);
    }
    if (!root.isJsonObject()) {
      throw new CheckpointException(file + ": header is not a JSON object");
    }
    return root.getAsJsonObject();
  }

  private static void readMetadata(JsonElement el, Map<String, String> into, Path file) {
    if (!el.isJsonObject()) {
      throw new CheckpointException(file + ": " + METADATA_KEY + " is not a JSON object");
    }
    for (Map.Entry<String, JsonElement> m : el.getAsJsonObject().entrySet()) {
      JsonElement v = m.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new CheckpointException(
            file + ": " + METADATA_KEY + " value of '" + m.getKey() + "' is not a string");
      }
      into.put(m.getKey(), v.getAsString());
    }
  }

  private static Entry parseEntry(String name, JsonElement el, Path file) {
    String where = file + ": tensor '" + name + "'";
    if (!el.isJsonObject()) {
      throw new CheckpointException(where + " is not a JSON object");
    }
    JsonObject o = el.getAsJsonObject();
    JsonElement dt = o.get("dtype");
    if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
      throw new CheckpointException(where + " has no string 'dtype'");
    }
    DType dtype = DType.byName(dt.getAsString());
    if (dtype == null) {
      throw new CheckpointException(
          where + " has unknown dtype '" + dt.getAsString() + "' (known: " + DType.known() + ")");
    }
    long[] shape = longArray(o.get("shape"), -1, where, "shape");
    long[] offsets = longArray(o.get("data_offsets"), 2, where, "data_offsets");
    if (offsets[1] < offsets[0]) {
      throw new CheckpointException(where + " has data_offsets " + Arrays.toString(offsets) + " with end < begin");
    }
    long expected;
    try {
      long numel = 1;
      for (long d : shape) {
        numel = Math.multiplyExact(numel, d);
      }
      expected = Math.multiplyExact(numel, dtype.itemSize);
    } catch (ArithmeticException e) {
      throw new CheckpointException(where + " has a shape " + Arrays.toString(shape) + " that overflows");
    }
    if (offsets[1] - offsets[0] != expected) {
      throw new CheckpointException(
          where + " has " + (offsets[1] - offsets[0]) + " bytes but " + dtype + " "
              + Arrays.toString(shape) + " needs " + expected);
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  /** An array of non-negative integers; {@code length < 0} means any length. */
  private static long[] longArray(JsonElement el, int length, String where, String key) {
    if (el == null || !el.isJsonArray()) {
      throw new CheckpointException(where + " has no array '" + key + "'");
    }
    JsonArray a = el.getAsJsonArray();
    if (length >= 0 && a.size() != length) {
      throw new CheckpointException(where + " has '" + key + "' of length " + a.size() + ", expected " + length);
    }
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      JsonElement v = a.get(i);
      Long l = null;
      if (v.isJsonPrimitive() && ((JsonPrimitive) v).isNumber()) {
        try {
          BigInteger bi = new BigDecimal(v.getAsString()).toBigIntegerExact();
          if (bi.signum() >= 0 && bi.bitLength() < 63) {
            l = bi.longValueExact();
          }
        } catch (ArithmeticException | NumberFormatException e) {
          l = null;
        }
      }
      if (l == null) {
        throw new CheckpointException(where + " has '" + key + "' entry " + v + ", not a non-negative integer");
      }
      out[i] = l;
    }
    return out;
  }

  /** The reference rule: sorted by begin, each tensor starts where the previous ended. */
  private static void checkTiling(List<Entry> entries, long bufferSize, Path file) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin != expected) {
        throw new CheckpointException(
            file + ": tensor '" + e.name + "' starts at " + e.begin + ", expected " + expected
                + (e.begin < expected ? " (overlaps the previous tensor)" : " (gap in the data)"));
      }
      if (e.end > bufferSize) {
        throw new CheckpointException(
            file + ": tensor '" + e.name + "' ends at " + e.end + ", beyond the " + bufferSize
                + " data bytes (truncated file?)");
      }
      expected = e.end;
    }
    if (expected != bufferSize) {
      throw new CheckpointException(
          file + ": tensors cover " + expected + " of " + bufferSize + " data bytes (trailing bytes)");
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new CheckpointException(file + ": file ended inside the header");
      }
    }
  }

  private static String firstLine(Throwable e) {
    Throwable t = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
