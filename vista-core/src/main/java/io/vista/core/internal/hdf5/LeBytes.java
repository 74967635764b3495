package io.vista.core.internal.hdf5;

import java.util.Arrays;

/** A growable little-endian byte builder for the HDF5 metadata structures (all small). */
final class LeBytes {
  private byte[] bytes;
  private int size;

  LeBytes() {
    this(64);
  }

  LeBytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  LeBytes u8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  LeBytes u16(int value) {
    if ((value & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("value " + value + " does not fit 16 bits");
    }
    return unsigned(value, 2);
  }

  LeBytes u32(long value) {
    if ((value & ~0xFFFF_FFFFL) != 0) {
      throw new IllegalArgumentException("value " + value + " does not fit 32 bits");
    }
    return unsigned(value, 4);
  }

  LeBytes u64(long value) {
    return unsigned(value, 8);
  }

  /** The low {@code width} bytes of {@code value}, least significant first. */
  LeBytes unsigned(long value, int width) {
    ensure(width);
    for (int i = 0; i < width; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  LeBytes bytes(byte[] data) {
    return bytes(data, 0, data.length);
  }

  LeBytes bytes(byte[] data, int offset, int length) {
    ensure(length);
    System.arraycopy(data, offset, bytes, size, length);
    size += length;
    return this;
  }

  LeBytes ascii(String text) {
    for (int i = 0; i < text.length(); i++) {
      u8(text.charAt(i));
    }
    return this;
  }

  LeBytes zeros(int count) {
    ensure(count);
    size += count; // the array is zero-filled where nothing was written yet
    return this;
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }
}
