package io.vista.core.data;

import java.util.List;

/**
 * How a {@link BatchIterator} streams a split.
 *
 * @param batchSize samples (images) per batch; a flattened batch has {@code batchSize * T} rows
 * @param pooling flatten tokens into rows, or mean-pool them (2-D data passes through)
 * @param shuffle false: samples in file order; true: the seeded scheme of {@link BatchIterator}
 * @param seed base seed of the shuffle, mixed with the epoch number
 * @param shuffleBufferChunks size of the shuffle buffer, in chunks (blocks) of samples; memory
 *     grows with it: about {@code shuffleBufferChunks * chunkRows * T * d * 2} bytes for float16
 * @param prefetchBatches batches decoded ahead by the background thread (queue capacity)
 * @param labels label keys to deliver: empty = none, {@code ["all"]} = every key of the
 *     split's {@code labels} group, or explicit keys
 * @param expectedDim the feature width the model expects ({@code model.input_size}); 0 = no check
 * @param dropLast drop a final batch smaller than {@code batchSize}
 * @param float16 deliver float16 files' flattened batches as their raw float16 bits ({@link
 *     Batch#float16()}) instead of converting them to float32 on the loader thread: a consumer
 *     that hands them to TensorFlow as float16 lets the graph convert them, which on a machine
 *     whose cores TensorFlow keeps busy is cheaper than converting in Java. Ignored for float32
 *     files and for mean pooling; {@link Batch#features()} still converts on demand.
 */
public record BatchOptions(
    int batchSize,
    Pooling pooling,
    boolean shuffle,
    long seed,
    int shuffleBufferChunks,
    int prefetchBatches,
    List<String> labels,
    int expectedDim,
    boolean dropLast,
    boolean float16) {

  /** Default shuffle buffer: 4 chunks, with chunk-order permutation a good mix at bounded memory. */
  public static final int DEFAULT_SHUFFLE_BUFFER_CHUNKS = 4;

  /** Default prefetch: two batches keep the consumer fed while one is being decoded. */
  public static final int DEFAULT_PREFETCH_BATCHES = 2;

  /** The key that requests every label of the split. */
  public static final String ALL_LABELS = "all";

  public BatchOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (pooling == null) {
      throw new IllegalArgumentException("pooling must not be null");
    }
    if (shuffleBufferChunks < 1) {
      throw new IllegalArgumentException("shuffleBufferChunks must be >= 1, got " + shuffleBufferChunks);
    }
    if (prefetchBatches < 1) {
      throw new IllegalArgumentException("prefetchBatches must be >= 1, got " + prefetchBatches);
    }
    if (expectedDim < 0) {
      throw new IllegalArgumentException("expectedDim must be >= 0, got " + expectedDim);
    }
    labels = List.copyOf(labels == null ? List.of() : labels);
  }

  /** Float32 batches (no {@code float16}). */
  public BatchOptions(int batchSize, Pooling pooling, boolean shuffle, long seed, int shuffleBufferChunks,
      int prefetchBatches, List<String> labels, int expectedDim, boolean dropLast) {
    this(batchSize, pooling, shuffle, seed, shuffleBufferChunks, prefetchBatches, labels, expectedDim, dropLast,
        false);
  }

  /**
   * {@code batchSize} samples, tokens flattened, file order (no shuffle), seed 0, shuffle buffer
   * {@value #DEFAULT_SHUFFLE_BUFFER_CHUNKS} chunks, prefetch {@value #DEFAULT_PREFETCH_BATCHES},
   * no labels, no width check, last partial batch kept.
   */
  public static BatchOptions defaults(int batchSize) {
    return new BatchOptions(batchSize, Pooling.FLATTEN_TOKENS, false, 0L,
        DEFAULT_SHUFFLE_BUFFER_CHUNKS, DEFAULT_PREFETCH_BATCHES, List.of(), 0, false);
  }

  public BatchOptions withPooling(Pooling p) {
    return new BatchOptions(batchSize, p, shuffle, seed, shuffleBufferChunks, prefetchBatches, labels, expectedDim, dropLast, float16);
  }

  /** Shuffled with {@code seed}. */
  public BatchOptions withShuffle(long s) {
    return new BatchOptions(batchSize, pooling, true, s, shuffleBufferChunks, prefetchBatches, labels, expectedDim, dropLast, float16);
  }

  /** File order. */
  public BatchOptions withoutShuffle() {
    return new BatchOptions(batchSize, pooling, false, seed, shuffleBufferChunks, prefetchBatches, labels, expectedDim, dropLast, float16);
  }

  public BatchOptions withShuffleBufferChunks(int chunks) {
    return new BatchOptions(batchSize, pooling, shuffle, seed, chunks, prefetchBatches, labels, expectedDim, dropLast, float16);
  }

  public BatchOptions withPrefetchBatches(int batches) {
    return new BatchOptions(batchSize, pooling, shuffle, seed, shuffleBufferChunks, batches, labels, expectedDim, dropLast, float16);
  }

  public BatchOptions withLabels(List<String> keys) {
    return new BatchOptions(batchSize, pooling, shuffle, seed, shuffleBufferChunks, prefetchBatches, keys, expectedDim, dropLast, float16);
  }

  public BatchOptions withExpectedDim(int d) {
    return new BatchOptions(batchSize, pooling, shuffle, seed, shuffleBufferChunks, prefetchBatches, labels, d, dropLast, float16);
  }

  public BatchOptions withDropLast(boolean drop) {
    return new BatchOptions(batchSize, pooling, shuffle, seed, shuffleBufferChunks, prefetchBatches, labels, expectedDim, drop, float16);
  }

  /** Raw float16 batches where the file is float16 and tokens are flattened (see {@code float16}). */
  public BatchOptions withFloat16(boolean f16) {
    return new BatchOptions(batchSize, pooling, shuffle, seed, shuffleBufferChunks, prefetchBatches, labels, expectedDim, dropLast, f16);
  }
}
