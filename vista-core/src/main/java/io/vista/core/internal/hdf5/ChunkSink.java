package io.vista.core.internal.hdf5;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes one chunk at a time of one dataset: raw bytes in, optionally one zstd frame out.
 *
 * <p>Small chunks (up to 4 MiB raw) are gathered in a reusable buffer and compressed in one call,
 * which sizes libzstd's tables to the chunk. Large chunks stream through a {@link ZstdEncoder}
 * frame (content size pledged up front) into the file tail when no other dataset holds it, else
 * into memory until the tail is free. Memory is therefore bounded by about 10 MB per small-chunk
 * dataset, libzstd's window for streamed chunks, and one compressed chunk otherwise.
 */
final class ChunkSink {
  /** Chunks above this many raw bytes stream straight into the file when they can. */
  static final long DIRECT_THRESHOLD = 4L << 20;

  private static final byte[] ZEROS = new byte[64 << 10];

  private final TailWriter tail;
  private final ZstdEncoder zstd;
  private final ChunkIndex index;
  private final long chunkBytes;
  private final int zstdLevel;
  private final boolean small;
  private byte[] raw;
  private byte[] compressed;
  private Memory memory = new Memory();
  private boolean open;
  private boolean direct;
  private long directStart;
  private Counter counter;
  private OutputStream encoder;
  private int chunkNumber;
  private long rawWritten;

  ChunkSink(TailWriter tail, ZstdEncoder zstd, ChunkIndex index, long chunkBytes, int zstdLevel) {
    this.tail = tail;
    this.zstd = zstd;
    this.index = index;
    this.chunkBytes = chunkBytes;
    this.zstdLevel = zstdLevel;
    this.small = chunkBytes <= DIRECT_THRESHOLD;
  }

  boolean isOpen() {
    return open;
  }

  void begin(int number) throws IOException {
    chunkNumber = number;
    rawWritten = 0;
    open = true;
    if (small) {
      if (raw == null) {
        raw = new byte[(int) chunkBytes];
      }
      return;
    }
    direct = tail.tryLease(this);
    OutputStream base;
    if (direct) {
      directStart = tail.end();
      base = tail.leaseStream();
    } else {
      memory.reset();
      base = memory;
    }
    counter = new Counter(base);
    encoder = zstdLevel > 0 ? zstd.frame(counter, chunkBytes, zstdLevel) : counter;
  }

  void write(byte[] bytes, int offset, int length) throws IOException {
    if (small) {
      System.arraycopy(bytes, offset, raw, (int) rawWritten, length);
    } else {
      encoder.write(bytes, offset, length);
    }
    rawWritten += length;
  }

  void writeZeros(long count) throws IOException {
    while (count > 0) {
      int n = (int) Math.min(count, ZEROS.length);
      write(ZEROS, 0, n);
      count -= n;
    }
  }

  /** Finishes the frame and records where the chunk went (now, or once the tail is free). */
  void end() throws IOException {
    if (rawWritten != chunkBytes) {
      throw new IllegalStateException("chunk has " + rawWritten + " of " + chunkBytes + " bytes");
    }
    open = false;
    if (small) {
      endSmall();
      return;
    }
    if (encoder != counter) {
      encoder.close(); // ends the frame; the counter stays open
    }
    long stored = counter.count;
    int number = chunkNumber;
    if (direct) {
      index.set(number, directStart, stored);
      tail.release(this);
    } else {
      tail.appendWhenFree(memory.array(), memory.size(), address -> index.set(number, address, stored));
      if (memory.array().length > 2 * DIRECT_THRESHOLD) {
        memory = new Memory(); // give back the memory of an exceptionally large chunk
      }
    }
  }

  private void endSmall() throws IOException {
    int number = chunkNumber;
    if (zstdLevel == 0) {
      int length = raw.length;
      tail.appendWhenFree(raw, length, address -> index.set(number, address, length));
      return;
    }
    if (compressed == null) {
      compressed = new byte[(int) ZstdEncoder.maxCompressedLength(raw.length)];
    }
    int length = zstd.compress(raw, raw.length, compressed, zstdLevel);
    tail.appendWhenFree(compressed, length, address -> index.set(number, address, length));
  }

  /** A byte array stream whose array we may read without a copy. */
  private static final class Memory extends ByteArrayOutputStream {
    Memory() {
      super(64 << 10);
    }

    byte[] array() {
      return buf;
    }
  }

  /** Counts bytes on their way to the file or memory; close() does not propagate. */
  private static final class Counter extends OutputStream {
    private final OutputStream out;
    long count;

    Counter(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() {}
  }
}
