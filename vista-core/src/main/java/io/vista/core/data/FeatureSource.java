package io.vista.core.data;


import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import io.jhdf.HdfFile;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;

/**
 * Reads a feature dataset block by block, a block being a run of whole samples: one HDF5 chunk
 * when the chunks span whole samples ({@code (rows, T, d)}, as the pipeline writes them), else a
 * run of rows read through jHDF's slicing. Each block comes back as raw element bytes, sample
 * {@code r} at byte {@code r * sampleBytes()}, to be converted by {@link #codec()}.
 *
 * <p>Decoding whole chunks ourselves beats jHDF's {@code getData(offset, length)}, which builds
 * nested Java arrays; {@code DecodeBenchmark --jhdf-slices} measures the difference. Chunks whose
 * only filter is Zstd (the pipeline's files) are read by {@link ChunkReader} (one positional
 * read) and decoded by {@link ZstdFilter#decodeInto}; a reader that passes a {@link Scratch}
 * gets its buffers back for the next block instead of new ones.
 *
 * <p>Stateless apart from lazily made readers (a mapped buffer for contiguous data, the chunk
 * reader): safe to share; a {@link Scratch} belongs to one thread.
 */
final class FeatureSource {
  /** How blocks are obtained. */
  enum Mode {
    /** One block per chunk, decoded by jHDF's filter pipeline (our {@link ZstdFilter}). */
    CHUNKS,
    /** Uncompressed contiguous storage: slices of the mapped dataset. */
    CONTIGUOUS,
    /** Anything else: jHDF's {@code getData(offset, length)}, converted to float32 bytes. */
    SLICES
  }

  /** Target size of a contiguous dataset's virtual blocks. */
  private static final int CONTIGUOUS_BLOCK_BYTES = 4 << 20;

  private final String where;
  private final Dataset dataset;
  private final ElementCodec fileCodec;
  private final Mode mode;
  private final long numSamples;
  private final int[] sampleShape;
  private final int sampleElements;
  private final int blockRows;
  private final int[] chunkShape;
  private final boolean zstdOnly;
  private final HdfFile file;
  private volatile ByteBuffer mapped;
  private volatile Optional<ChunkReader> chunkReader;

  /**
   * Buffers one reading thread reuses from block to block: the stored bytes of a chunk and its
   * decoded bytes. A block returned with a scratch stays valid until the next read with it.
   */
  static final class Scratch {
    private ByteBuffer stored;
    private byte[] decoded;
  }

  private FeatureSource(String where, HdfFile file, Dataset dataset, ElementCodec fileCodec,
      Mode mode, int blockRows, int[] chunkShape) {
    this.where = where;
    this.file = file;
    this.dataset = dataset;
    this.fileCodec = fileCodec;
    this.mode = mode;
    long[] dims = dataset.getDimensionsAsLong();
    this.numSamples = dims[0];
    this.sampleShape = new int[dims.length - 1];
    long elements = 1;
    for (int i = 1; i < dims.length; i++) {
      sampleShape[i - 1] = Math.toIntExact(dims[i]);
      elements *= dims[i];
    }
    if (elements * fileCodec.size() > Integer.MAX_VALUE / 2) {
      throw new DataException(where + ": one sample has " + elements + " elements, too many to read");
    }
    this.sampleElements = (int) elements;
    this.blockRows = Math.max(1, blockRows);
    this.chunkShape = chunkShape;
    List<FilterInfo> filters = HdfFilters.of(dataset);
    this.zstdOnly = filters.size() == 1 && filters.get(0).getId() == ZstdFilter.ID;
  }

  /**
   * @param where {@code file: /split/key}, for messages
   * @param forceSlices read through jHDF's slicing even when whole chunks could be decoded
   */
  static FeatureSource of(String where, HdfFile file, Dataset dataset, ElementCodec codec,
      boolean forceSlices) {
    long[] dims = dataset.getDimensionsAsLong();
    long sampleBytes = codec.size();
    for (int i = 1; i < dims.length; i++) {
      sampleBytes *= dims[i];
    }
    if (dataset instanceof ChunkedDataset chunked) {
      int[] chunks = chunked.getChunkDimensions();
      boolean wholeSamples = chunks.length == dims.length;
      for (int i = 1; wholeSamples && i < dims.length; i++) {
        wholeSamples = chunks[i] == dims[i];
      }
      Mode mode = wholeSamples && !forceSlices ? Mode.CHUNKS : Mode.SLICES;
      return new FeatureSource(where, file, dataset, codec, mode, chunks[0], chunks.clone());
    }
    int rows = (int) Math.max(1, Math.min(dims[0], CONTIGUOUS_BLOCK_BYTES / Math.max(1, sampleBytes)));
    Mode mode = dataset instanceof ContiguousDataset && !forceSlices ? Mode.CONTIGUOUS : Mode.SLICES;
    return new FeatureSource(where, file, dataset, codec, mode, rows, null);
  }

  Mode mode() {
    return mode;
  }

  /** The element layout of the bytes {@link #readBlock} returns. */
  ElementCodec codec() {
    return mode == Mode.SLICES ? ElementCodec.FLOAT32_LE : fileCodec;
  }

  long numSamples() {
    return numSamples;
  }

  /** Elements per sample: {@code T * d}, or {@code d} for 2-D data. */
  int sampleElements() {
    return sampleElements;
  }

  int sampleBytes() {
    return sampleElements * codec().size();
  }

  /** Samples per block (the chunk's first dimension for chunked data). */
  int blockRows() {
    return blockRows;
  }

  /** HDF5 chunk shape, or null when the dataset is not chunked. */
  int[] chunkShape() {
    return chunkShape == null ? null : chunkShape.clone();
  }

  int numBlocks() {
    return (int) ((numSamples + blockRows - 1) / blockRows);
  }

  long blockStart(int block) {
    return (long) block * blockRows;
  }

  /** Valid samples in {@code block} (the last one may be partial). */
  int blockLength(int block) {
    return (int) Math.min(blockRows, numSamples - blockStart(block));
  }

  /** Bytes of compressed storage (for throughput figures). */
  long storedBytes() {
    return dataset.getStorageInBytes();
  }

  /**
   * The raw bytes of {@code block}: at least {@code blockLength(block) * sampleBytes()} bytes
   * (a partial last chunk keeps its padding rows beyond that).
   */
  byte[] readBlock(int block) {
    return readBlock(block, null);
  }

  /**
   * As {@link #readBlock(int)}, reusing {@code scratch}'s buffers (null: fresh ones): the result
   * may be the array returned by the previous call with the same scratch, overwritten.
   */
  byte[] readBlock(int block, Scratch scratch) {
    if (block < 0 || block >= numBlocks()) {
      throw new IndexOutOfBoundsException("block " + block + " of " + numBlocks());
    }
    long first = blockStart(block);
    int rows = blockLength(block);
    try {
      switch (mode) {
        case CHUNKS:
          return readChunk(block, first, scratch);
        case CONTIGUOUS:
          return readContiguous(first, rows);
        default:
          return readSlice(first, rows);
      }
    } catch (DataException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw Errors.wrap(where + " " + describeBlock(block, first, rows), e);
    } catch (java.io.IOException | RuntimeException | OutOfMemoryError | InternalError e) {
      // InternalError: the JDK's answer to touching a mapped page past the end of a truncated file.
      throw Errors.wrap(where + " " + describeBlock(block, first, rows) + " cannot be read", e);
    }
  }

  private String describeBlock(int block, long first, int rows) {
    String unit = mode == Mode.CHUNKS ? "chunk " : "block ";
    return unit + block + " (samples " + first + ".." + (first + rows - 1) + ")";
  }

  private byte[] readChunk(int block, long first, Scratch scratch) throws java.io.IOException {
    int[] offset = new int[chunkShape.length];
    offset[0] = Math.toIntExact(first);
    long expected = (long) fileCodec.size();
    for (int c : chunkShape) {
      expected *= c;
    }
    ChunkedDataset chunked = (ChunkedDataset) dataset;
    if (zstdOnly) {
      // The pipeline's layout: decode into an array of the known size, sparing the heap copy of
      // the compressed bytes that jHDF's pipeline makes.
      int size = Math.toIntExact(expected);
      byte[] out = scratch != null && scratch.decoded != null && scratch.decoded.length == size
          ? scratch.decoded
          : new byte[size];
      ChunkReader reader = scratch == null ? null : chunkReader();
      Chunk chunk = reader == null ? null : reader.chunk(offset);
      if (chunk == null) {
        ZstdFilter.decodeInto(chunked.getRawChunkBuffer(offset), out); // maps the chunk
      } else {
        ByteBuffer stored = reader.read(chunk, scratch.stored);
        scratch.stored = stored;
        if (chunk.getFilterMask() != null && chunk.getFilterMask().get(0)) {
          // HDF5 skipped the filter for this chunk (allowed for optional filters): stored raw.
          if (stored.remaining() != size) {
            throw new DataException(where + " " + describeBlock(block, first, blockLength(block))
                + " is stored unfiltered with " + stored.remaining() + " bytes, expected " + size);
          }
          stored.get(out);
        } else {
          ZstdFilter.decodeInto(stored, out);
        }
      }
      if (scratch != null) {
        scratch.decoded = out;
      }
      return out;
    }
    byte[] bytes = chunked.getDecompressedChunk(offset);
    if (bytes.length != expected) {
      throw new DataException(where + " " + describeBlock(block, first, blockLength(block))
          + " decoded to " + bytes.length + " bytes, expected " + expected);
    }
    return bytes;
  }

  private ChunkReader chunkReader() {
    Optional<ChunkReader> reader = chunkReader;
    if (reader == null) {
      reader = Optional.ofNullable(ChunkReader.of(file, (ChunkedDataset) dataset));
      chunkReader = reader;
    }
    return reader.orElse(null);
  }

  private byte[] readContiguous(long first, int rows) {
    ByteBuffer buffer = mapped;
    if (buffer == null) {
      buffer = ((ContiguousDataset) dataset).getBuffer();
      mapped = buffer;
    }
    int sampleBytes = sampleBytes();
    byte[] out = new byte[rows * sampleBytes];
    buffer.duplicate().position(Math.toIntExact(first * sampleBytes)).get(out);
    return out;
  }

  private byte[] readSlice(long first, int rows) {
    long[] offset = new long[sampleShape.length + 1];
    offset[0] = first;
    int[] shape = new int[sampleShape.length + 1];
    shape[0] = rows;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    Object data = dataset.getData(offset, shape);
    float[] flat = new float[rows * sampleElements];
    int n = flatten(data, flat, 0);
    if (n != flat.length) {
      throw new DataException(where + ": slice of " + Arrays.toString(shape) + " gave " + n + " values");
    }
    ByteBuffer out = ByteBuffer.allocate(flat.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    out.asFloatBuffer().put(flat);
    return out.array();
  }

  private static int flatten(Object array, float[] out, int at) {
    if (array instanceof float[] f) {
      System.arraycopy(f, 0, out, at, f.length);
      return at + f.length;
    }
    if (array instanceof double[] d) {
      for (double v : d) {
        out[at++] = (float) v;
      }
      return at;
    }
    int n = Array.getLength(array);
    for (int i = 0; i < n; i++) {
      at = flatten(Array.get(array, i), out, at);
    }
    return at;
  }
}
