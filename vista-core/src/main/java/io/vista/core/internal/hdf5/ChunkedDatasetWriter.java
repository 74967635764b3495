package io.vista.core.internal.hdf5;

/**
 * Receives the elements of one dataset in row-major order (axis 0 slowest), in as many calls as
 * the caller likes; complete chunks are compressed and written as soon as their last element
 * arrives, so memory does not grow with the dataset. Not thread-safe: one writer thread per
 * {@link Hdf5Writer}.
 *
 * <p>Every failure is a {@link io.vista.core.data.DataException} naming the file and dataset.
 */
public interface ChunkedDatasetWriter {
  /**
   * Appends {@code length} values from {@code values[offset..]} to a FLOAT16 or FLOAT32 dataset.
   * FLOAT16 rounds each value to the nearest half (ties to even), as numpy's astype does.
   */
  void append(float[] values, int offset, int length);

  /** Appends {@code length} values from {@code values[offset..]} to an INT64 dataset. */
  void append(long[] values, int offset, int length);

  /** The number of elements appended so far. */
  long elementsWritten();
}
