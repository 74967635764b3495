package io.vista.core.internal.hdf5;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes variable-length values (the UTF-8 bytes of string attributes) into global heap
 * collections (spec III.E): "GCOL", version 1, the collection size, then objects (index, reference
 * count 0, size, data padded to 8 bytes) and a free-space object 0 filling the rest. Collections
 * are at least 4096 bytes, HDF5's minimum and the size it first reads.
 */
final class GlobalHeapWriter {
  private static final int MIN_COLLECTION = 4096;
  private static final int HEADER = 16;
  private static final int OBJECT_HEADER = 16;
  private static final int MAX_INDEX = 0xFFFF;

  private GlobalHeapWriter() {}

  /** Writes all values and returns, per value in order, where it lives. */
  static List<Hdf5Format.GlobalHeapRef> write(TailWriter tail, List<byte[]> values)
      throws IOException {
    List<Hdf5Format.GlobalHeapRef> refs = new ArrayList<>(values.size());
    int from = 0;
    while (from < values.size()) {
      int to = Math.min(values.size(), from + MAX_INDEX);
      List<byte[]> batch = values.subList(from, to);
      long address = tail.end();
      byte[] collection = collection(batch);
      long written = tail.append(collection);
      if (written != address) {
        throw new IllegalStateException("heap at " + written + ", expected " + address);
      }
      for (int i = 0; i < batch.size(); i++) {
        refs.add(new Hdf5Format.GlobalHeapRef(batch.get(i).length, address, i + 1));
      }
      from = to;
    }
    return refs;
  }

  private static byte[] collection(List<byte[]> objects) {
    long used = HEADER;
    for (byte[] o : objects) {
      used += OBJECT_HEADER + padded(o.length);
    }
    long size = Math.max(MIN_COLLECTION, used);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("string attributes of " + size + " bytes");
    }
    LeBytes b = new LeBytes((int) size);
    b.ascii("GCOL").u8(1).zeros(3).u64(size);
    int index = 1;
    for (byte[] o : objects) {
      b.u16(index++).u16(0).zeros(4).u64(o.length).bytes(o).zeros(padded(o.length) - o.length);
    }
    long free = size - used;
    if (free >= OBJECT_HEADER) {
      b.u16(0).u16(0).zeros(4).u64(free); // free space object: its size counts its own header
    }
    b.zeros((int) (size - b.size()));
    return b.toArray();
  }

  private static int padded(int length) {
    return (length + 7) & ~7;
  }
}
