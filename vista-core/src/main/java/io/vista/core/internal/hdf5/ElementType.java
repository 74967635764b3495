package io.vista.core.internal.hdf5;

/**
 * The element types a VISTA file stores: float16 latents (numpy {@code float16}), float32 (ground
 * truth, small arrays) and int64 labels and indices. All are little-endian on disk, as h5py writes
 * them on x86.
 */
public enum ElementType {
  /** IEEE 754 binary16; values are rounded to nearest even from the float32 the caller passes. */
  FLOAT16(2),
  /** IEEE 754 binary32, stored bit for bit. */
  FLOAT32(4),
  /** Two's-complement signed 64-bit integer. */
  INT64(8);

  private final int byteSize;

  ElementType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element on disk. */
  public int byteSize() {
    return byteSize;
  }

  /** True for the types fed with {@code float[]} values. */
  public boolean isFloatingPoint() {
    return this != INT64;
  }
}
