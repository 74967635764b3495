package io.vista.core.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * How feature elements are laid out in a decoded chunk, and their conversion to float32.
 * h5py writes little-endian ({@code <f2}, {@code <f4}); big-endian files are read too.
 */
enum ElementCodec {
  FLOAT16_LE("float16", 2, ByteOrder.LITTLE_ENDIAN),
  FLOAT16_BE("float16", 2, ByteOrder.BIG_ENDIAN),
  FLOAT32_LE("float32", 4, ByteOrder.LITTLE_ENDIAN),
  FLOAT32_BE("float32", 4, ByteOrder.BIG_ENDIAN);

  private final String dtypeName;
  private final int size;
  private final VarHandle view;

  ElementCodec(String dtypeName, int size, ByteOrder order) {
    this.dtypeName = dtypeName;
    this.size = size;
    this.view =
        MethodHandles.byteArrayViewVarHandle(size == 2 ? short[].class : int[].class, order);
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

  /** Converts {@code count} elements starting at byte {@code srcOffset} into {@code dst}. */
  void decode(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
    if (size == 2) {
      for (int i = 0; i < count; i++) {
        dst[dstOffset + i] = Float16.toFloat((short) view.get(src, srcOffset + 2 * i));
      }
    } else {
      for (int i = 0; i < count; i++) {
        dst[dstOffset + i] = Float.intBitsToFloat((int) view.get(src, srcOffset + 4 * i));
      }
    }
  }
}
