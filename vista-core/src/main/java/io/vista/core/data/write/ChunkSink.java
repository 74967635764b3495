package io.vista.core.data.write;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes one chunk at a time of one dataset: raw bytes in, optionally one zstd frame out, into
 * the file tail (large chunks, when the tail is free) or into memory (small chunks, or when
 * another dataset streams into the tail). Memory is therefore bounded by the compressor's 4 MiB
 * window buffer for streamed chunks and by one compressed chunk otherwise.
 */
final class ChunkSink {
  /** Chunks above this many raw bytes stream straight into the file when they can. */
  static final long DIRECT_THRESHOLD = 4L << 20;

  private static final byte[] ZEROS = new byte[64 << 10];

  private final TailWriter tail;
  private final ChunkIndex index;
  private final long chunkBytes;
  private final int zstdLevel;
  private Memory memory = new Memory();
  private boolean open;
  private boolean direct;
  private long directStart;
  private Counter counter;
  private OutputStream encoder;
  private int chunkNumber;
  private long rawWritten;

  ChunkSink(TailWriter tail, ChunkIndex index, long chunkBytes, int zstdLevel) {
    this.tail = tail;
    this.index = index;
    this.chunkBytes = chunkBytes;
    this.zstdLevel = zstdLevel;
  }

  boolean isOpen() {
    return open;
  }

  void begin(int number) throws IOException {
    chunkNumber = number;
    rawWritten = 0;
    direct = chunkBytes > DIRECT_THRESHOLD && tail.tryLease(this);
    OutputStream base;
    if (direct) {
      directStart = tail.end();
      base = tail.leaseStream();
    } else {
      memory.reset();
      base = memory;
    }
    counter = new Counter(base);
    encoder =
        zstdLevel > 0 ? new ZstdOutputStream(new ZstdFrameSizeFixer(counter, chunkBytes)) : counter;
    open = true;
  }

  void write(byte[] bytes, int offset, int length) throws IOException {
    encoder.write(bytes, offset, length);
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
    if (encoder != counter) {
      encoder.close(); // last block + checksum; the fixer leaves the counter open
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
