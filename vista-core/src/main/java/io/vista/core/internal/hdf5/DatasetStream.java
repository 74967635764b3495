package io.vista.core.internal.hdf5;

import io.vista.core.data.DataException;
import io.vista.core.data.Float16;
import java.io.IOException;
import java.util.Arrays;

/**
 * The {@link ChunkedDatasetWriter} of one dataset: converts appended values to little-endian
 * bytes and cuts them into chunks.
 *
 * <p>When the chunk spans the full trailing dimensions (always so in VISTA files: chunks are
 * {@code (rows, T, d)}), the row-major stream of values <em>is</em> the sequence of chunks, so
 * values flow straight into the chunk encoder. Otherwise one "slab" of {@code chunk[0]} rows is
 * gathered (at most 1 GiB) and cut into its chunks once complete. The last chunk along axis 0 is
 * padded with zeros, as HDF5 stores edge chunks at full size.
 */
final class DatasetStream implements ChunkedDatasetWriter {
  /** Chunks (and slabs) above 1 GiB are refused: sizes stay in int range for every reader. */
  static final long MAX_CHUNK_BYTES = 1L << 30;

  /** What the stream needs from its file: the tail and a way to fail with a one-line message. */
  interface Owner {
    TailWriter tail();

    /** The writer's Zstandard contexts. */
    ZstdEncoder zstd();

    /** Throws if the writer is closed, committed or failed. */
    void checkWritable(String path);

    /** Marks the writer failed and returns the exception to throw. */
    DataException failed(String path, IOException cause);

    DataException error(String path, String problem);
  }

  final String path;
  final ElementType type;
  final long[] shape;
  final int[] chunk;
  final int zstdLevel;
  final long totalElements;
  final int chunkCount;
  final ChunkIndex index = new ChunkIndex();

  private final Owner owner;
  private final int elementSize;
  private final long rowBytes;
  private final long chunkBytes;
  private final boolean rowsAreChunks;
  private final ChunkSink sink;
  private final byte[] scratch = new byte[64 << 10];
  private long written;
  private int nextChunk;
  private long chunkDataBytes;
  private long chunkFill;
  private byte[] slab;
  private int nextSlab;
  private int slabFill;

  DatasetStream(
      Owner owner, String path, ElementType type, long[] shape, int[] chunk, int zstdLevel) {
    this.owner = owner;
    this.path = path;
    this.type = type;
    this.shape = shape.clone();
    this.chunk = chunk.clone();
    this.zstdLevel = zstdLevel;
    this.elementSize = type.byteSize();
    long rowElements = 1;
    long chunkElements = chunk[0];
    boolean full = true;
    for (int i = 1; i < shape.length; i++) {
      rowElements = Math.multiplyExact(rowElements, shape[i]);
      chunkElements = Math.multiplyExact(chunkElements, chunk[i]);
      full &= chunk[i] == shape[i];
    }
    this.totalElements = Math.multiplyExact(shape[0], rowElements);
    this.rowBytes = rowElements * elementSize;
    this.chunkBytes = chunkElements * elementSize;
    this.rowsAreChunks = full;
    long chunks = 1;
    for (long g : ChunkBTree.chunkGrid(shape, chunk)) {
      chunks = Math.multiplyExact(chunks, g);
    }
    if (chunks > Integer.MAX_VALUE) {
      throw owner.error(path, "has " + chunks + " chunks; use larger chunks");
    }
    this.chunkCount = (int) chunks;
    if (!full && (long) chunk[0] * rowBytes > MAX_CHUNK_BYTES) {
      throw owner.error(path, "chunks that split trailing dimensions need a slab of "
          + chunk[0] * rowBytes + " bytes (limit " + MAX_CHUNK_BYTES + "); chunk whole rows");
    }
    this.sink = new ChunkSink(owner.tail(), owner.zstd(), index, chunkBytes, zstdLevel);
  }

  /** Validates shape and chunk shape as HDF5 would; returns a problem or null. */
  static String checkShape(long[] shape, int[] chunk, ElementType type) {
    if (shape == null || chunk == null || shape.length == 0 || shape.length != chunk.length) {
      return "needs shape and chunk shape of equal rank >= 1, got "
          + Arrays.toString(shape) + " and " + Arrays.toString(chunk);
    }
    if (shape.length > 32) {
      return "has rank " + shape.length + " (HDF5 allows 32)";
    }
    long chunkBytes = type.byteSize();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || chunk[i] < 1 || (shape[i] > 0 && chunk[i] > shape[i])) {
        return "chunk shape " + Arrays.toString(chunk) + " does not fit shape "
            + Arrays.toString(shape) + " (need 1 <= chunk <= shape)";
      }
      chunkBytes *= chunk[i];
      if (chunkBytes > MAX_CHUNK_BYTES) {
        return "chunk shape " + Arrays.toString(chunk) + " exceeds " + MAX_CHUNK_BYTES + " bytes";
      }
    }
    return null;
  }

  @Override
  public void append(float[] values, int offset, int length) {
    if (!type.isFloatingPoint()) {
      throw owner.error(path, "is " + type + "; append(float[]) is for FLOAT16/FLOAT32");
    }
    begin(values == null ? -1 : values.length, offset, length);
    try {
      int i = offset;
      int end = offset + length;
      while (i < end) {
        int n = Math.min(end - i, scratch.length / elementSize);
        if (type == ElementType.FLOAT16) {
          for (int j = 0, p = 0; j < n; j++, p += 2) {
            short h = Float16.fromFloat(values[i + j]);
            scratch[p] = (byte) h;
            scratch[p + 1] = (byte) (h >>> 8);
          }
        } else {
          for (int j = 0, p = 0; j < n; j++, p += 4) {
            int bits = Float.floatToRawIntBits(values[i + j]);
            scratch[p] = (byte) bits;
            scratch[p + 1] = (byte) (bits >>> 8);
            scratch[p + 2] = (byte) (bits >>> 16);
            scratch[p + 3] = (byte) (bits >>> 24);
          }
        }
        accept(n * elementSize);
        i += n;
      }
    } catch (IOException e) {
      throw owner.failed(path, e);
    }
  }

  @Override
  public void append(long[] values, int offset, int length) {
    if (type != ElementType.INT64) {
      throw owner.error(path, "is " + type + "; append(long[]) is for INT64");
    }
    begin(values == null ? -1 : values.length, offset, length);
    try {
      int i = offset;
      int end = offset + length;
      while (i < end) {
        int n = Math.min(end - i, scratch.length / 8);
        for (int j = 0, p = 0; j < n; j++, p += 8) {
          long v = values[i + j];
          for (int k = 0; k < 8; k++) {
            scratch[p + k] = (byte) (v >>> (8 * k));
          }
        }
        accept(n * 8);
        i += n;
      }
    } catch (IOException e) {
      throw owner.failed(path, e);
    }
  }

  @Override
  public long elementsWritten() {
    return written;
  }

  boolean complete() {
    return written == totalElements;
  }

  private void begin(int arrayLength, int offset, int length) {
    owner.checkWritable(path);
    if (arrayLength < 0) {
      throw owner.error(path, "append of a null array");
    }
    if (offset < 0 || length < 0 || offset > arrayLength - length) {
      throw owner.error(path, "append range [" + offset + ", +" + length + ") outside an array of "
          + arrayLength);
    }
    if (length > totalElements - written) {
      throw owner.error(path, "too many elements: " + written + " written + " + length
          + " appended > " + totalElements + " for shape " + Arrays.toString(shape));
    }
    written += length;
  }

  /** Takes {@code scratch[0..length)} (whole elements) into the current chunk or slab. */
  private void accept(int length) throws IOException {
    int off = 0;
    while (off < length) {
      if (rowsAreChunks) {
        if (!sink.isOpen()) {
          long rows = Math.min(chunk[0], shape[0] - (long) nextChunk * chunk[0]);
          chunkDataBytes = rows * rowBytes;
          chunkFill = 0;
          sink.begin(nextChunk);
        }
        int n = (int) Math.min(length - off, chunkDataBytes - chunkFill);
        sink.write(scratch, off, n);
        chunkFill += n;
        off += n;
        if (chunkFill == chunkDataBytes) {
          sink.writeZeros(chunkBytes - chunkDataBytes);
          sink.end();
          nextChunk++;
        }
      } else {
        int rows = (int) Math.min(chunk[0], shape[0] - (long) nextSlab * chunk[0]);
        int slabDataBytes = (int) (rows * rowBytes);
        if (slab == null) {
          slab = new byte[(int) (chunk[0] * rowBytes)];
        }
        int n = Math.min(length - off, slabDataBytes - slabFill);
        System.arraycopy(scratch, off, slab, slabFill, n);
        slabFill += n;
        off += n;
        if (slabFill == slabDataBytes) {
          emitSlab(rows);
          nextSlab++;
          slabFill = 0;
        }
      }
    }
  }

  /** Cuts the gathered rows of slab {@code nextSlab} into its chunks (rank >= 2 here). */
  private void emitSlab(int rows) throws IOException {
    int rank = shape.length;
    long[] grid = ChunkBTree.chunkGrid(shape, chunk);
    int chunksPerSlab = 1;
    for (int i = 1; i < rank; i++) {
      chunksPerSlab *= (int) grid[i];
    }
    int last = rank - 1;
    long[] chunkCoord = new long[rank];
    int[] local = new int[rank - 1]; // odometer over the chunk's dims 0..rank-2
    for (int t = 0; t < chunksPerSlab; t++) {
      long rest = t;
      for (int i = last; i >= 1; i--) {
        chunkCoord[i] = rest % grid[i];
        rest /= grid[i];
      }
      sink.begin(nextSlab * chunksPerSlab + t);
      long runStart = chunkCoord[last] * chunk[last];
      int run = (int) Math.min(chunk[last], shape[last] - runStart);
      Arrays.fill(local, 0);
      while (true) {
        boolean inside = local[0] < rows;
        long source = local[0];
        for (int i = 1; i < last && inside; i++) {
          long g = chunkCoord[i] * chunk[i] + local[i];
          inside = g < shape[i];
          source = source * shape[i] + g;
        }
        if (inside) {
          source = source * shape[last] + runStart;
          sink.write(slab, (int) (source * elementSize), run * elementSize);
          sink.writeZeros((long) (chunk[last] - run) * elementSize);
        } else {
          sink.writeZeros((long) chunk[last] * elementSize);
        }
        int d = last - 1;
        while (d >= 0 && ++local[d] == chunk[d]) {
          local[d] = 0;
          d--;
        }
        if (d < 0) {
          break;
        }
      }
      sink.end();
    }
  }
}
