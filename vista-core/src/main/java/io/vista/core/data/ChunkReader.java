package io.vista.core.data;

import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkOffset;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.storage.HdfBackingStorage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;

/**
 * Reads a chunk's stored (compressed) bytes with one positional read into a buffer the caller
 * reuses.
 *
 * <p>Why not jHDF's {@code getRawChunkBuffer}: it memory-maps every chunk anew, so each read of a
 * chunk faults its pages in again and is unmapped later by the garbage collector. Measured on a
 * 3 MB Zstd chunk: mapped chunk + decode 485 MB/s (aircompressor) / 660 MB/s (libzstd), positional
 * read into a reused direct buffer + decode 705 / 1160 MB/s. The chunk addresses come from jHDF's
 * own chunk index ({@code ChunkedDatasetBase.getChunkLookup}, not public in 0.13, so reached by
 * reflection); when that is unavailable, {@link #of} returns null and callers use jHDF's path.
 *
 * <p>Thread-safe: positional reads do not move the channel, and the index is read-only.
 */
final class ChunkReader {
  private final Map<ChunkOffset, Chunk> index;
  private final FileChannel channel;
  private final long base;

  private ChunkReader(Map<ChunkOffset, Chunk> index, FileChannel channel, long base) {
    this.index = index;
    this.channel = channel;
    this.base = base;
  }

  /** A reader for {@code dataset}, or null when jHDF's chunk index or file channel is not reachable. */
  static ChunkReader of(HdfFile file, ChunkedDataset dataset) {
    try {
      HdfBackingStorage storage = file.getHdfBackingStorage();
      if (storage.inMemory() || !(dataset instanceof ChunkedDatasetBase)) {
        return null;
      }
      FileChannel channel = storage.getFileChannel();
      Method lookup = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
      lookup.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<ChunkOffset, Chunk> index = (Map<ChunkOffset, Chunk>) lookup.invoke(dataset);
      return channel == null || index == null
          ? null
          : new ChunkReader(index, channel, storage.getSuperblock().getBaseAddressByte());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // another jHDF version, or a storage without a channel: jHDF's own path serves
    }
  }

  /** The chunk at element offset {@code offset}, or null if the file holds none there. */
  Chunk chunk(int[] offset) {
    long[] key = new long[offset.length];
    for (int i = 0; i < offset.length; i++) {
      key[i] = offset[i];
    }
    return index.get(new ChunkOffset(key));
  }

  /**
   * The stored bytes of {@code chunk}, read into {@code buffer} when it is large enough (else a
   * new direct buffer); position 0, limit the chunk's size.
   */
  ByteBuffer read(Chunk chunk, ByteBuffer buffer) throws IOException {
    int size = chunk.getSize();
    ByteBuffer dst = buffer != null && buffer.capacity() >= size ? buffer : ByteBuffer.allocateDirect(size);
    dst.clear().limit(size);
    long position = base + chunk.getAddress();
    while (dst.hasRemaining()) {
      int n = channel.read(dst, position + dst.position());
      if (n < 0) {
        throw new IOException("end of file after " + dst.position() + " of " + size + " bytes at "
            + position + " (truncated file?)");
      }
    }
    return dst.flip();
  }
}
