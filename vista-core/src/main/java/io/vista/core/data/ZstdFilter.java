package io.vista.core.data;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.airlift.compress.zstd.ZstdInputStream;
import io.jhdf.filter.Filter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The HDF5 Zstandard filter (registered id 32015) for jHDF, in pure Java (aircompressor).
 *
 * <p>Every latent file of the Python pipeline is written through {@code hdf5plugin.Zstd(clevel=3)}:
 * each chunk is ONE zstd frame made by {@code ZSTD_compress}, and {@code cd_values[0]} is the
 * compression level (irrelevant for decoding). jHDF finds this class through
 * {@code META-INF/services/io.jhdf.filter.Filter}.
 *
 * <p>Decoding trusts the frame's content-size field when it is present (one allocation, one pass)
 * and streams the frame otherwise. The streaming hot path ({@link #decodeInto}) decodes with the
 * native libzstd of zstd-jni when it loads (about 1.6x the speed of aircompressor's pure-Java
 * decoder here, and decoding competes with TensorFlow for the cores), else with aircompressor;
 * {@link #decoderName()} says which. Both implement the same format: the bytes are identical. Anything that is not a well-formed frame raises a one-line
 * {@link DataException}; callers that know the file and dataset re-raise it with that context.
 *
 * <p>Encoding always uses aircompressor's fixed level (3, the pipeline's level too) whatever
 * {@code cd_values} asks, and records the content size as {@code ZSTD_compress} does.
 */
public final class ZstdFilter implements Filter {
  /** The id registered with The HDF Group for Zstandard. */
  public static final int ID = 32015;

  /** Zstd frames begin with this magic number (little-endian 0xFD2FB528). */
  private static final int FRAME_MAGIC = 0xFD2FB528;

  /**
   * Zstd cannot expand data by more than ~32768x (an RLE block of 128 KiB costs 4 bytes); a
   * content size claiming more than that is a corrupt header, not a reason to allocate gigabytes.
   */
  private static final long MAX_EXPANSION = 1L << 16;

  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  /** aircompressor's decompressor keeps per-frame tables: not shareable across threads. */
  private static final ThreadLocal<ZstdDecompressor> DECOMPRESSOR =
      ThreadLocal.withInitial(ZstdDecompressor::new);

  private static final ThreadLocal<ZstdCompressor> COMPRESSOR =
      ThreadLocal.withInitial(ZstdCompressor::new);

  /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
  public ZstdFilter() {}

  @Override
  public int getId() {
    return ID;
  }

  @Override
  public String getName() {
    return "zstd";
  }

  @Override
  public byte[] decode(byte[] encoded, int[] filterData) {
    if (encoded.length < 4 || readIntLe(encoded) != FRAME_MAGIC) {
      throw new DataException(
          "corrupt zstd chunk: " + encoded.length + " bytes without the zstd frame magic number");
    }
    long size;
    try {
      size = ZstdDecompressor.getDecompressedSize(encoded, 0, encoded.length);
    } catch (RuntimeException e) {
      throw corrupt(encoded, e);
    }
    if (size < 0) {
      return decodeStreaming(encoded);
    }
    if (size > MAX_ARRAY || size > MAX_EXPANSION * encoded.length + 1024) {
      throw new DataException(
          "corrupt zstd chunk: header claims " + size + " bytes from " + encoded.length);
    }
    byte[] out = new byte[(int) size];
    int written;
    try {
      written = DECOMPRESSOR.get().decompress(encoded, 0, encoded.length, out, 0, out.length);
    } catch (RuntimeException e) {
      throw corrupt(encoded, e);
    }
    if (written != size) {
      throw new DataException(
          "corrupt zstd chunk: decoded " + written + " bytes, header says " + size);
    }
    return out;
  }

  /**
   * Decodes one frame from {@code frame} (a direct buffer read from the file, or a mapped chunk)
   * into {@code out}, whose length the caller knows from the chunk shape -- so neither the
   * frame's content-size field nor a corrupt one matters.
   *
   * @throws DataException unless the frame decodes to exactly {@code out.length} bytes
   */
  static void decodeInto(ByteBuffer frame, byte[] out) {
    int length = frame.remaining();
    if (length < 4 || frame.order(ByteOrder.LITTLE_ENDIAN).getInt(frame.position()) != FRAME_MAGIC) {
      throw new DataException("corrupt zstd chunk: " + length + " bytes without the zstd frame magic number");
    }
    int written;
    try {
      written = NativeZstd.AVAILABLE && frame.isDirect()
          ? NativeZstd.decode(frame, out)
          : decodeJava(frame, out);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new DataException("corrupt zstd chunk (" + length + " bytes): " + reason.replace('\n', ' '), e);
    }
    if (written != out.length) {
      throw new DataException("corrupt zstd chunk: decoded " + written + " bytes, expected " + out.length);
    }
  }

  /** Which decoder {@link #decodeInto} uses: {@code libzstd (zstd-jni <version>)} or aircompressor's. */
  public static String decoderName() {
    return NativeZstd.AVAILABLE ? "libzstd (zstd-jni " + NativeZstd.VERSION + ")" : "aircompressor (pure Java)";
  }

  private static int decodeJava(ByteBuffer frame, byte[] out) {
    ByteBuffer target = ByteBuffer.wrap(out);
    DECOMPRESSOR.get().decompress(frame.duplicate(), target);
    return target.position();
  }

  /**
   * zstd-jni, loaded on first use. Its jar carries libzstd for the common platforms and extracts
   * it to the temporary directory; where that fails (another platform, a read-only temp dir) the
   * pure-Java decoder serves, only slower.
   */
  private static final class NativeZstd {
    static final boolean AVAILABLE;
    static final String VERSION;
    private static final ThreadLocal<com.github.luben.zstd.ZstdDecompressCtx> CONTEXT =
        ThreadLocal.withInitial(com.github.luben.zstd.ZstdDecompressCtx::new);

    static {
      boolean ok;
      String version = "";
      try {
        ok = com.github.luben.zstd.util.Native.isLoaded() || loadNative();
        com.github.luben.zstd.Zstd.defaultCompressionLevel(); // proves the native symbols resolve
        String v = com.github.luben.zstd.Zstd.class.getPackage().getImplementationVersion();
        version = v == null ? "" : v;
      } catch (LinkageError | RuntimeException e) {
        ok = false;
      }
      AVAILABLE = ok && !Boolean.getBoolean("vista.zstd.pureJava");
      VERSION = version;
    }

    private static boolean loadNative() {
      com.github.luben.zstd.util.Native.load();
      return com.github.luben.zstd.util.Native.isLoaded();
    }

    static int decode(ByteBuffer frame, byte[] out) {
      return CONTEXT.get().decompressDirectByteBufferToByteArray(
          out, 0, out.length, frame, frame.position(), frame.remaining());
    }
  }

  /** For frames written without the content-size field (streaming writers may omit it). */
  private static byte[] decodeStreaming(byte[] encoded) {
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(encoded))) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw corrupt(encoded, e);
    }
  }

  @Override
  public byte[] encode(byte[] data, int[] filterData) {
    ZstdCompressor compressor = COMPRESSOR.get();
    byte[] out = new byte[compressor.maxCompressedLength(data.length)];
    int n = compressor.compress(data, 0, data.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  private static DataException corrupt(byte[] encoded, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new DataException(
        "corrupt zstd chunk (" + encoded.length + " bytes): " + reason.replace('\n', ' '), cause);
  }

  private static int readIntLe(byte[] b) {
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
  }
}
