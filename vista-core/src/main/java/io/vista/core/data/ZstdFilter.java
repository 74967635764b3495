package io.vista.core.data;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.jhdf.filter.Filter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The HDF5 Zstandard filter (registered id 32015) for jHDF, on libzstd through zstd-jni.
 *
 * <p>Every latent file of the Python pipeline is written through {@code hdf5plugin.Zstd(clevel=3)}:
 * each chunk is ONE zstd frame made by {@code ZSTD_compress}, and {@code cd_values[0]} is the
 * compression level (irrelevant for decoding). jHDF finds this class through
 * {@code META-INF/services/io.jhdf.filter.Filter}.
 *
 * <p>Decoding trusts the frame's content-size field when it is present (one allocation, one pass)
 * and streams the frame otherwise; the streaming hot path ({@link #decodeInto}) knows the size from
 * the chunk shape. Anything that is not a well-formed frame raises a one-line {@link
 * DataException}; callers that know the file and dataset re-raise it with that context.
 *
 * <p>Encoding uses the level in {@code cd_values[0]} (3 when absent) and records the content size,
 * as {@code ZSTD_compress} does.
 *
 * <p>zstd-jni carries libzstd for Linux (x86_64, aarch64 and others), macOS and Windows and
 * extracts it on first use; where it cannot load, every Zstd operation fails with a
 * {@link DataException} saying so.
 */
public final class ZstdFilter implements Filter {
  /** The id registered with The HDF Group for Zstandard. */
  public static final int ID = 32015;

  /** Zstd frames begin with this magic number (little-endian 0xFD2FB528). */
  private static final int FRAME_MAGIC = 0xFD2FB528;

  /** The level hdf5plugin uses when {@code cd_values} is empty. */
  private static final int DEFAULT_LEVEL = 3;

  /** zstd's "content size unknown" (ZSTD_CONTENTSIZE_UNKNOWN as a signed long). */
  private static final long SIZE_UNKNOWN = -1;

  /**
   * Zstd cannot expand data by more than ~32768x (an RLE block of 128 KiB costs 4 bytes); a
   * content size claiming more than that is a corrupt header, not a reason to allocate gigabytes.
   */
  private static final long MAX_EXPANSION = 1L << 16;

  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

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
    Libzstd.require();
    long size;
    try {
      size = Zstd.getFrameContentSize(encoded);
    } catch (RuntimeException e) {
      throw corrupt(encoded.length, e);
    }
    if (size == SIZE_UNKNOWN) {
      return decodeStreaming(encoded);
    }
    if (size < 0) {
      throw new DataException("corrupt zstd chunk: " + encoded.length + " bytes with an unreadable frame header");
    }
    if (size > MAX_ARRAY || size > MAX_EXPANSION * encoded.length + 1024) {
      throw new DataException(
          "corrupt zstd chunk: header claims " + size + " bytes from " + encoded.length);
    }
    byte[] out = new byte[(int) size];
    int written;
    try {
      written = Libzstd.CONTEXT.get().decompressByteArray(out, 0, out.length, encoded, 0, encoded.length);
    } catch (RuntimeException e) {
      throw corrupt(encoded.length, e);
    }
    if (written != size) {
      throw new DataException(
          "corrupt zstd chunk: decoded " + written + " bytes, header says " + size);
    }
    return out;
  }

  /**
   * Decodes one frame from {@code frame} (a direct buffer read from the file, a mapped chunk, or a
   * heap buffer) into {@code out}, whose length the caller knows from the chunk shape -- so neither
   * the frame's content-size field nor a corrupt one matters.
   *
   * @throws DataException unless the frame decodes to exactly {@code out.length} bytes
   */
  static void decodeInto(ByteBuffer frame, byte[] out) {
    int length = frame.remaining();
    if (length < 4 || frame.order(ByteOrder.LITTLE_ENDIAN).getInt(frame.position()) != FRAME_MAGIC) {
      throw new DataException("corrupt zstd chunk: " + length + " bytes without the zstd frame magic number");
    }
    Libzstd.require();
    int written;
    try {
      ZstdDecompressCtx ctx = Libzstd.CONTEXT.get();
      written = frame.isDirect()
          ? ctx.decompressDirectByteBufferToByteArray(out, 0, out.length, frame, frame.position(), length)
          : ctx.decompressByteArray(out, 0, out.length, frame.array(), frame.arrayOffset() + frame.position(), length);
    } catch (RuntimeException e) {
      throw corrupt(length, e);
    }
    if (written != out.length) {
      throw new DataException("corrupt zstd chunk: decoded " + written + " bytes, expected " + out.length);
    }
  }

  /** The decoder in use: {@code libzstd (zstd-jni <version>)}. */
  public static String decoderName() {
    Libzstd.require();
    return "libzstd (zstd-jni " + Libzstd.VERSION + ")";
  }

  @Override
  public byte[] encode(byte[] data, int[] filterData) {
    int level = filterData != null && filterData.length > 0 ? filterData[0] : DEFAULT_LEVEL;
    Libzstd.require();
    try {
      return Zstd.compress(data, level); // ZSTD_compress: one frame, content size recorded
    } catch (RuntimeException e) {
      throw new DataException("zstd compression failed at level " + level + ": " + e.getMessage(), e);
    }
  }

  /** zstd-jni, loaded on first use; a failure to load is reported on every use. */
  private static final class Libzstd {
    static final String VERSION;
    static final Throwable LOAD_FAILURE;
    /** A decompression context holds tables for one frame at a time: one per thread. */
    static final ThreadLocal<ZstdDecompressCtx> CONTEXT = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    static {
      Throwable failure = null;
      String version = "";
      try {
        com.github.luben.zstd.util.Native.load();
        Zstd.defaultCompressionLevel(); // proves the native symbols resolve
        String v = Zstd.class.getPackage().getImplementationVersion();
        version = v == null ? "" : v;
      } catch (LinkageError | RuntimeException e) {
        failure = e;
      }
      VERSION = version;
      LOAD_FAILURE = failure;
    }

    static void require() {
      if (LOAD_FAILURE != null) {
        throw new DataException("Zstd: libzstd (zstd-jni) cannot load on " + System.getProperty("os.name")
            + "/" + System.getProperty("os.arch") + ": " + LOAD_FAILURE.getClass().getSimpleName() + ": "
            + String.valueOf(LOAD_FAILURE.getMessage()).replace('\n', ' '), LOAD_FAILURE);
      }
    }
  }

  /**
   * For frames written without the content-size field (streaming writers may omit it); the output
   * is capped like a declared size would be.
   */
  private static byte[] decodeStreaming(byte[] encoded) {
    long cap = Math.min(MAX_ARRAY, MAX_EXPANSION * encoded.length + 1024);
    try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(encoded))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(cap, Math.max(64L, encoded.length * 4L)));
      byte[] buf = new byte[64 << 10];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        if (out.size() > cap) {
          throw new DataException("corrupt zstd chunk: " + encoded.length + " bytes expand beyond " + cap);
        }
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      if (e instanceof DataException d) {
        throw d;
      }
      throw corrupt(encoded.length, e);
    }
  }

  private static DataException corrupt(int length, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new DataException(
        "corrupt zstd chunk (" + length + " bytes): " + reason.replace('\n', ' '), cause);
  }

  private static int readIntLe(byte[] b) {
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
  }
}
