package io.vista.core.internal.hdf5;

import java.util.Arrays;

/**
 * File address and stored (compressed) size of each chunk of one dataset, by chunk number in
 * row-major order of the chunk grid: 12 bytes per chunk, the only state that grows with the data.
 */
final class ChunkIndex {
  private long[] addresses = new long[16];
  private int[] sizes = new int[16];
  private int assigned;

  void set(int chunk, long address, long storedSize) {
    if (storedSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("chunk of " + storedSize + " bytes");
    }
    if (chunk >= addresses.length) {
      int capacity = Math.max(chunk + 1, addresses.length * 2);
      addresses = Arrays.copyOf(addresses, capacity);
      sizes = Arrays.copyOf(sizes, capacity);
    }
    if (sizes[chunk] != 0) {
      throw new IllegalStateException("chunk " + chunk + " written twice");
    }
    addresses[chunk] = address;
    sizes[chunk] = (int) storedSize;
    assigned++;
  }

  /** How many chunks have an address. */
  int assigned() {
    return assigned;
  }

  long address(int chunk) {
    return addresses[chunk];
  }

  int size(int chunk) {
    return sizes[chunk];
  }
}
