package io.vista.core.internal.hdf5;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Appends bytes at the end of the temp file (HDF5 addresses are file offsets) through one
 * buffer. A chunk's bytes must be contiguous, yet several datasets fill chunks at once; so a
 * dataset whose chunks are large takes a <em>lease</em> on the tail and streams its compressed
 * chunk straight into the file, while finished chunks of other datasets wait in a queue until the
 * lease is released. Small chunks are always compressed in memory and appended whole.
 */
final class TailWriter {
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
  private long end;
  private Object leaseHolder;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final OutputStream leaseStream =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          put(b, off, len);
        }
      };

  private record Pending(byte[] bytes, LongConsumer onAddress) {}

  TailWriter(FileChannel channel, long start) {
    this.channel = channel;
    this.end = start;
  }

  /** The address the next appended byte gets. */
  long end() {
    return end;
  }

  /** Appends a whole block now; nobody may hold the lease. Returns its address. */
  long append(byte[] bytes, int offset, int length) throws IOException {
    if (leaseHolder != null) {
      throw new IllegalStateException("tail is leased");
    }
    long address = end;
    put(bytes, offset, length);
    return address;
  }

  long append(byte[] bytes) throws IOException {
    return append(bytes, 0, bytes.length);
  }

  /** Takes the lease if free; the holder then writes through {@link #leaseStream()}. */
  boolean tryLease(Object holder) {
    if (leaseHolder == null && pending.isEmpty()) {
      leaseHolder = holder;
      return true;
    }
    return false;
  }

  OutputStream leaseStream() {
    return leaseStream;
  }

  /** Ends the lease and appends the blocks that waited for it. */
  void release(Object holder) throws IOException {
    if (leaseHolder != holder) {
      throw new IllegalStateException("lease not held");
    }
    leaseHolder = null;
    while (!pending.isEmpty()) {
      Pending p = pending.poll();
      p.onAddress().accept(append(p.bytes()));
    }
  }

  /**
   * Appends {@code bytes[0..length)} now if the tail is free, else keeps a copy until the lease
   * ends; {@code onAddress} receives the address either way.
   */
  void appendWhenFree(byte[] bytes, int length, LongConsumer onAddress) throws IOException {
    if (leaseHolder == null) {
      onAddress.accept(append(bytes, 0, length));
    } else {
      pending.add(new Pending(java.util.Arrays.copyOf(bytes, length), onAddress));
    }
  }

  /** True when no lease is held and nothing waits: every queued chunk has its address. */
  boolean idle() {
    return leaseHolder == null && pending.isEmpty();
  }

  /** Writes bytes at a fixed address below {@link #end()} (the superblock at offset 0). */
  void overwrite(long address, byte[] bytes) throws IOException {
    flush();
    ByteBuffer src = ByteBuffer.wrap(bytes);
    long position = address;
    while (src.hasRemaining()) {
      position += channel.write(src, position);
    }
  }

  void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void put(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buffer.hasRemaining()) {
        flush();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
      end += n;
    }
  }
}
