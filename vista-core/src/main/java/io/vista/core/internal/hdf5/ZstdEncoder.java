package io.vista.core.internal.hdf5;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Zstandard compression of chunks with libzstd (zstd-jni), one frame per chunk exactly as
 * hdf5plugin's filter writes them ({@code ZSTD_compress}: no checksum, the content size in the
 * frame header, RFC 8878 section 3.1.1.1). The HDF5 Zstandard plugin sizes its output buffer from
 * that field, so every frame must carry it: one-shot frames record it by themselves, streamed ones
 * because the size is pledged before the first byte.
 *
 * <p>Owns the native compression contexts of one {@link Hdf5Writer}, created on demand and reused
 * (a context holds about a megabyte of tables at level 3); {@link #close()} frees them all, so a
 * writer that fails mid-chunk leaks nothing. Not thread-safe, like the writer.
 */
final class ZstdEncoder implements AutoCloseable {
  private final List<ZstdCompressCtx> all = new ArrayList<>();
  private final ArrayDeque<ZstdCompressCtx> idle = new ArrayDeque<>();
  private boolean closed;

  /** The largest frame {@code length} raw bytes can produce. */
  static long maxCompressedLength(long length) {
    return Zstd.compressBound(length);
  }

  /** Compresses {@code src[0, length)} into one frame at the start of {@code dst}; returns its size. */
  int compress(byte[] src, int length, byte[] dst, int level) throws IOException {
    ZstdCompressCtx ctx = acquire(level);
    try {
      return ctx.compressByteArray(dst, 0, dst.length, src, 0, length);
    } catch (RuntimeException e) { // ZstdException: an error code of libzstd
      throw failure(e);
    } finally {
      idle.push(ctx);
    }
  }

  /**
   * A stream that compresses exactly {@code contentSize} bytes into one frame written to {@code
   * out}; {@link OutputStream#close()} ends the frame and does not close {@code out}.
   */
  OutputStream frame(OutputStream out, long contentSize, int level) throws IOException {
    ZstdCompressCtx ctx = acquire(level);
    try {
      ctx.setPledgedSrcSize(contentSize);
    } catch (RuntimeException e) {
      idle.push(ctx);
      throw failure(e);
    }
    return new FrameStream(ctx, out);
  }

  /** Frees every context; further use fails. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ZstdCompressCtx ctx : all) {
      ctx.close();
    }
    all.clear();
    idle.clear();
  }

  /** A context with fresh parameters (a frame that failed midway leaves one in any state). */
  private ZstdCompressCtx acquire(int level) throws IOException {
    if (closed) {
      throw new IllegalStateException("zstd encoder closed");
    }
    ZstdCompressCtx ctx = idle.poll();
    try {
      if (ctx == null) {
        ctx = new ZstdCompressCtx();
        all.add(ctx);
      }
      ctx.reset();
      ctx.setLevel(level);
      ctx.setContentSize(true);
      ctx.setChecksum(false);
      return ctx;
    } catch (RuntimeException e) {
      if (ctx != null) {
        idle.push(ctx);
      }
      throw failure(e);
    }
  }

  private static IOException failure(RuntimeException e) {
    return new IOException("zstd compression failed: " + e.getMessage(), e);
  }

  /** Streams one frame through a 128 KiB output buffer (libzstd's recommended size). */
  private final class FrameStream extends OutputStream {
    private final ZstdCompressCtx ctx;
    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(128 << 10);
    private boolean done;

    FrameStream(ZstdCompressCtx ctx, OutputStream out) {
      this.ctx = ctx;
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (done) {
        throw new IOException("zstd frame already ended");
      }
      ByteBuffer src = ByteBuffer.wrap(b, off, len);
      try {
        while (src.hasRemaining()) {
          ctx.compressByteBufferStream(buffer, src, EndDirective.CONTINUE);
          drain();
        }
      } catch (RuntimeException e) {
        throw failure(e);
      }
    }

    /** Ends the frame (libzstd checks the pledged size) and returns the context. */
    @Override
    public void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      ByteBuffer empty = ByteBuffer.allocate(0);
      try {
        boolean flushed;
        do {
          flushed = ctx.compressByteBufferStream(buffer, empty, EndDirective.END);
          drain();
        } while (!flushed);
      } catch (RuntimeException e) {
        throw failure(e);
      } finally {
        idle.push(ctx);
      }
    }

    private void drain() throws IOException {
      if (buffer.position() > 0) {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
    }
  }
}
