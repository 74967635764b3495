package io.vista.core.data;


import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * How feature elements are laid out in a decoded chunk, and their conversion to float32.
 * h5py writes little-endian ({@code <f2}, {@code <f4}); big-endian files are read too.
 */
enum ElementCodec {
  FLOAT16_LE("float16", 2),
  FLOAT16_BE("float16", 2),
  FLOAT32_LE("float32", 4),
  FLOAT32_BE("float32", 4);

  // Byte-array views must be static final for the JIT to turn them into plain loads: held in
  // an instance field they run about 10x slower (measured with DecodeBenchmark).
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final String dtypeName;
  private final int size;

  ElementCodec(String dtypeName, int size) {
    this.dtypeName = dtypeName;
    this.size = size;
  }

  static ElementCodec of(int sizeBytes, ByteOrder order) {
    boolean little = order == ByteOrder.LITTLE_ENDIAN;
    if (sizeBytes == 2) {
      return little ? FLOAT16_LE : FLOAT16_BE;
    }
    if (sizeBytes == 4) {
      return little ? FLOAT32_LE : FLOAT32_BE;
    }
    return null;
  }

  /** numpy's name of the element type. */
  String dtypeName() {
    return dtypeName;
  }

  /** Bytes per element. */
  int size() {
    return size;
  }

  /**
   * Converts {@code count} elements starting at byte {@code srcOffset} into {@code dst}.
   *
   * @return true if every element is finite (no NaN, no infinity). The test reads the exponent
   *     bits in the same pass, so a caller needs to scan again only to report where a bad value is.
   */
  boolean decode(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
    int nonFinite = 0; // OR of "exponent bits all set" over the elements
    switch (this) {
      case FLOAT16_LE:
        for (int i = 0; i < count; i++) {
          short h = (short) SHORT_LE.get(src, srcOffset + 2 * i);
          dst[dstOffset + i] = Float16.toFloat(h);
          nonFinite |= (h & 0x7C00) + 0x0400; // carries into bit 15 only when the exponent is 0x1F
        }
        return (nonFinite & 0x8000) == 0;
      case FLOAT16_BE:
        for (int i = 0; i < count; i++) {
          short h = (short) SHORT_BE.get(src, srcOffset + 2 * i);
          dst[dstOffset + i] = Float16.toFloat(h);
          nonFinite |= (h & 0x7C00) + 0x0400;
        }
        return (nonFinite & 0x8000) == 0;
      case FLOAT32_LE:
        for (int i = 0; i < count; i++) {
          int bits = (int) INT_LE.get(src, srcOffset + 4 * i);
          dst[dstOffset + i] = Float.intBitsToFloat(bits);
          nonFinite |= (bits & 0x7F800000) + 0x00800000; // carries into bit 31 only for 0xFF
        }
        return nonFinite >= 0;
      default:
        for (int i = 0; i < count; i++) {
          int bits = (int) INT_BE.get(src, srcOffset + 4 * i);
          dst[dstOffset + i] = Float.intBitsToFloat(bits);
          nonFinite |= (bits & 0x7F800000) + 0x00800000;
        }
        return nonFinite >= 0;
    }
  }

  /** Whether this is a float16 layout ({@link #copyFloat16} applies). */
  boolean isFloat16() {
    return this == FLOAT16_LE || this == FLOAT16_BE;
  }

  /**
   * Copies {@code count} float16 elements from byte {@code srcOffset} into {@code dst} as their raw
   * bits, in native order.
   *
   * @return true if every element is finite (same test as {@link #decode})
   */
  boolean copyFloat16(byte[] src, int srcOffset, short[] dst, int dstOffset, int count) {
    int nonFinite = 0;
    if (this == FLOAT16_LE) {
      for (int i = 0; i < count; i++) {
        short h = (short) SHORT_LE.get(src, srcOffset + 2 * i);
        dst[dstOffset + i] = h;
        nonFinite |= (h & 0x7C00) + 0x0400;
      }
    } else if (this == FLOAT16_BE) {
      for (int i = 0; i < count; i++) {
        short h = (short) SHORT_BE.get(src, srcOffset + 2 * i);
        dst[dstOffset + i] = h;
        nonFinite |= (h & 0x7C00) + 0x0400;
      }
    } else {
      throw new IllegalStateException(this + " is not a float16 layout");
    }
    return (nonFinite & 0x8000) == 0;
  }
}
