package io.vista.core.data;


import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams one epoch of a {@link LatentSplit} as {@link Batch}es. A background daemon thread
 * reads and decodes chunks into a bounded queue of {@code prefetchBatches} batches, so decoding
 * overlaps the consumer's work. A split is never loaded whole: memory stays about
 * {@code prefetchBatches + 2} batches (queued, being filled, held by the consumer), one chunk
 * compressed and decoded, and the shuffle buffer; {@link #estimatedHeapBytes} adds it up.
 *
 * <h2>Order</h2>
 *
 * <p>Without shuffle, samples come in file order. With shuffle, the order depends only on
 * {@code (seed, epoch)} (a {@link SplitMix64} stream), and goes in two stages:
 *
 * <ol>
 *   <li>The chunk-sized blocks of samples (the HDF5 chunks, {@code chunkShape()[0]} samples
 *       each; the last may be shorter) are read in an order given by a seeded Fisher-Yates
 *       permutation: reads stay whole-chunk, so one chunk is decoded once per epoch.
 *   <li>Their samples stream through a shuffle buffer of {@code shuffleBufferChunks *
 *       chunkRows} samples, as {@code tf.data}'s {@code shuffle} does: the buffer is filled
 *       first; then for each further sample, a uniformly chosen buffered sample is emitted and
 *       the incoming one takes its slot; once the input is exhausted, the rest is drained in
 *       uniformly random order.
 * </ol>
 *
 * <p>Same file, options, seed and epoch give the identical batch sequence; every epoch is a
 * permutation of all samples (minus the dropped last batch when {@code dropLast}).
 *
 * <h2>Errors and shutdown</h2>
 *
 * <p>Problems found while opening (feature width versus {@code expectedDim}, missing label keys,
 * label lengths or values out of range) throw from {@link #open}. Problems found by the thread
 * (a corrupt chunk, NaN or infinity in a sample) surface from the consumer's {@link #hasNext()}
 * or {@link #next()} as the thread's own {@link DataException}, after the batches that preceded
 * them -- never as a hang or a silent end. {@link #close()} stops the thread after at most the
 * block it is decoding. The thread is never interrupted: an interrupt during a read would close
 * the file's shared {@code FileChannel} for every reader.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
  private static final Object END = new Object();
  private static final long POLL_MILLIS = 100;
  private static final long JOIN_MILLIS = 30_000;
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** An error from the producer, handed over in the queue. */
  private record Failure(DataException error) {}

  private final LatentSplit split;
  private final BatchOptions options;
  private final int epoch;
  private final FeatureSource source;
  private final String where;
  private final List<String> labelKeys;
  private final List<long[]> labelValues;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private volatile boolean closed;
  private volatile long producerCpuNanos = -1;
  private Batch next;
  private boolean finished;
  private DataException failure;

  private BatchIterator(LatentSplit split, BatchOptions options, int epoch, FeatureSource source,
      List<String> labelKeys, List<long[]> labelValues) {
    this.split = split;
    this.options = options;
    this.epoch = epoch;
    this.source = source;
    this.where = split.file().where(split.featurePath());
    this.labelKeys = labelKeys;
    this.labelValues = labelValues;
    this.queue = new ArrayBlockingQueue<>(options.prefetchBatches());
    this.thread = new Thread(this::produce,
        "vista-batches-" + split.name() + "-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
  }

  /** Opens one epoch, checking labels against {@link LabelSpec#fairFace()}. */
  public static BatchIterator open(LatentSplit split, BatchOptions options, int epoch) {
    return open(split, options, epoch, LabelSpec.fairFace());
  }

  /**
   * Opens one epoch: checks the options against the split, reads and checks the requested label
   * vectors (N longs each), then starts the prefetch thread.
   *
   * @param epoch mixed into the shuffle seed; ignored without shuffle
   * @param labelSpec class counts the requested labels must respect
   */
  public static BatchIterator open(LatentSplit split, BatchOptions options, int epoch, LabelSpec labelSpec) {
    return open(split, options, epoch, labelSpec, split.source());
  }

  /** Package-private: lets the decode benchmark swap in jHDF's slicing reader. */
  static BatchIterator open(LatentSplit split, BatchOptions options, int epoch, LabelSpec labelSpec,
      FeatureSource source) {
    String where = split.file().where(split.featurePath());
    if (options.expectedDim() > 0 && split.dim() != options.expectedDim()) {
      throw new DataException(where + " has feature width " + split.dim()
          + ", but model.input_size is " + options.expectedDim());
    }
    long rowsPerBatch = (long) options.batchSize()
        * (options.pooling() == Pooling.FLATTEN_TOKENS ? split.tokensPerSample() : 1);
    if (rowsPerBatch * split.dim() > Integer.MAX_VALUE - 16) {
      throw new DataException(where + ": a batch of " + options.batchSize() + " samples is "
          + rowsPerBatch + " x " + split.dim() + " floats, more than one Java array holds");
    }
    List<String> keys = resolveLabelKeys(split, options.labels());
    List<long[]> values = new ArrayList<>(keys.size());
    for (String key : keys) {
      values.add(labelSpec.check(split, key));
    }
    BatchIterator it = new BatchIterator(split, options, epoch, source, List.copyOf(keys), values);
    split.file().register(it);
    it.thread.start();
    return it;
  }

  private static List<String> resolveLabelKeys(LatentSplit split, List<String> requested) {
    if (requested.isEmpty()) {
      return List.of();
    }
    List<String> available = split.labelKeys();
    if (requested.equals(List.of(BatchOptions.ALL_LABELS))) {
      return available;
    }
    List<String> missing = new ArrayList<>();
    for (String key : requested) {
      if (!available.contains(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new DataException(split.file().where("/" + split.name() + "/labels")
          + " has no label " + String.join(", ", missing) + " (available: "
          + LatentFile.join(available) + ")");
    }
    return List.copyOf(new java.util.LinkedHashSet<>(requested)); // each key once, in request order
  }

  /**
   * Heap that one open iterator needs at most, roughly: {@code prefetchBatches + 2} float32
   * batches, a chunk compressed (bounded by its raw size) and decoded, and with shuffle the
   * buffer of {@code shuffleBufferChunks} chunks of raw samples.
   */
  public static long estimatedHeapBytes(LatentSplit split, BatchOptions options) {
    FeatureSource source = split.source();
    long rowsPerSample = options.pooling() == Pooling.MEAN_POOL ? 1 : split.tokensPerSample();
    long batch = options.batchSize() * rowsPerSample * split.dim() * Float.BYTES;
    long chunk = (long) source.blockRows() * source.sampleBytes();
    long buffer = options.shuffle()
        ? Math.min((long) options.shuffleBufferChunks() * source.blockRows(), split.numSamples()) * source.sampleBytes()
        : 0;
    return (options.prefetchBatches() + 2L) * batch + 2 * chunk + buffer;
  }

  /** Batches this epoch will yield. */
  public long numBatches() {
    long n = split.numSamples();
    long b = options.batchSize();
    return options.dropLast() ? n / b : (n + b - 1) / b;
  }

  /** The epoch number this iterator was opened with. */
  public int epoch() {
    return epoch;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (failure != null) {
      throw failure;
    }
    if (finished) {
      return false;
    }
    while (true) {
      if (closed) {
        throw new DataException(where + ": batch iterator was closed before the end of the epoch");
      }
      Object item;
      try {
        item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new DataException(where + ": interrupted while waiting for the next batch", e);
      }
      if (item == null) {
        if (!thread.isAlive() && queue.isEmpty() && !closed) {
          failure = new DataException(where + ": prefetch thread " + thread.getName()
              + " stopped without a result");
          close();
          throw failure;
        }
        continue;
      }
      if (item == END) {
        finished = true;
        close();
        return false;
      }
      if (item instanceof Failure f) {
        failure = f.error();
        close();
        throw failure;
      }
      next = (Batch) item;
      return true;
    }
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(where + ": epoch " + epoch + " has no more batches");
    }
    Batch b = next;
    next = null;
    return b;
  }

  /** Stops the prefetch thread (after the block it is decoding) and releases queued batches. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear(); // unblocks a producer waiting for room
    if (Thread.currentThread() != thread) {
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    queue.clear();
    split.file().unregister(this);
  }

  /** Package-private, for tests: whether the prefetch thread still runs. */
  boolean producerAlive() {
    return thread.isAlive();
  }

  // ---- producer side (runs on the prefetch thread) -----------------------------------------

  private void produce() {
    try {
      Assembler out = new Assembler();
      boolean completed = options.shuffle() ? produceShuffled(out) : produceInOrder(out);
      if (completed && out.finish()) {
        offer(END);
      }
    } catch (DataException e) {
      offer(new Failure(e));
    } catch (Throwable t) { // OutOfMemoryError included: the consumer must hear of it
      offer(new Failure(Errors.wrap(where + ": prefetch thread failed", t)));
    } finally {
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      producerCpuNanos = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }
  }

  /**
   * CPU time the prefetch thread used (reading, decoding, assembling), once it has ended; -1
   * before that or where the JVM cannot tell. For {@code DecodeBenchmark}: unlike wall time, it
   * does not depend on how busy the machine is.
   */
  public long producerCpuNanos() {
    return producerCpuNanos;
  }

  private boolean produceInOrder(Assembler out) {
    int sampleBytes = source.sampleBytes();
    FeatureSource.Scratch scratch = new FeatureSource.Scratch();
    for (int b = 0; b < source.numBlocks(); b++) {
      if (closed) {
        return false;
      }
      byte[] bytes = source.readBlock(b, scratch);
      long first = source.blockStart(b);
      int rows = source.blockLength(b);
      for (int r = 0; r < rows; r++) {
        if (!out.add(bytes, r * sampleBytes, first + r)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean produceShuffled(Assembler out) {
    SplitMix64 rng = SplitMix64.forEpoch(options.seed(), epoch);
    int[] order = rng.permutation(source.numBlocks());
    long capacity = (long) options.shuffleBufferChunks() * source.blockRows();
    ShuffleBuffer buffer = new ShuffleBuffer((int) Math.min(capacity, Math.max(1, split.numSamples())),
        source.sampleBytes());
    int sampleBytes = source.sampleBytes();
    FeatureSource.Scratch scratch = new FeatureSource.Scratch(); // each block is consumed before the next read
    for (int b : order) {
      if (closed) {
        return false;
      }
      byte[] bytes = source.readBlock(b, scratch);
      long first = source.blockStart(b);
      int rows = source.blockLength(b);
      for (int r = 0; r < rows; r++) {
        if (!buffer.isFull()) {
          buffer.add(bytes, r * sampleBytes, first + r);
          continue;
        }
        int j = rng.nextInt(buffer.size());
        if (!out.add(buffer.bytes(j), 0, buffer.index(j))) {
          return false;
        }
        buffer.replace(j, bytes, r * sampleBytes, first + r);
      }
    }
    while (buffer.size() > 0) {
      int j = rng.nextInt(buffer.size());
      if (!out.add(buffer.bytes(j), 0, buffer.index(j))) {
        return false;
      }
      buffer.remove(j);
    }
    return true;
  }

  /** Puts {@code item} once there is room; false if the iterator was closed meanwhile. */
  private boolean offer(Object item) {
    try {
      while (!closed) {
        if (queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Fixed slots of raw sample bytes: memory is allocated once, as samples arrive. */
  private static final class ShuffleBuffer {
    private final byte[][] slots;
    private final long[] indices;
    private final int sampleBytes;
    private int size;

    ShuffleBuffer(int capacity, int sampleBytes) {
      this.slots = new byte[capacity][];
      this.indices = new long[capacity];
      this.sampleBytes = sampleBytes;
    }

    boolean isFull() {
      return size == slots.length;
    }

    int size() {
      return size;
    }

    byte[] bytes(int j) {
      return slots[j];
    }

    long index(int j) {
      return indices[j];
    }

    void add(byte[] src, int offset, long index) {
      if (slots[size] == null) {
        slots[size] = new byte[sampleBytes];
      }
      replace(size++, src, offset, index);
    }

    void replace(int j, byte[] src, int offset, long index) {
      System.arraycopy(src, offset, slots[j], 0, sampleBytes);
      indices[j] = index;
    }

    /** Moves the last slot into {@code j}. */
    void remove(int j) {
      size--;
      byte[] t = slots[j];
      slots[j] = slots[size];
      slots[size] = t;
      indices[j] = indices[size];
    }
  }

  /** Decodes samples into the current batch and hands full batches to the queue. */
  private final class Assembler {
    private final int batchSize = options.batchSize();
    private final int per = source.sampleElements();
    private final int tokens = split.tokensPerSample();
    private final int dim = split.dim();
    private final boolean pool = options.pooling() == Pooling.MEAN_POOL && split.tokenLevel();
    private final int rowsPerSample = pool ? 1 : tokens;
    private final ElementCodec codec = source.codec();
    // Raw float16 batches when asked for, the file is float16 and tokens are not pooled.
    private final boolean half = options.float16() && !pool && codec.isFloat16();
    private final float[] scratch = pool || half ? new float[per] : null;
    private final double[] sums = pool ? new double[dim] : null;
    private float[] features;
    private short[] halfFeatures;
    private long[] indices;
    private int count;

    boolean add(byte[] bytes, int offset, long sampleIndex) {
      if (closed) {
        return false;
      }
      if (features == null && halfFeatures == null) {
        if (half) {
          halfFeatures = new short[batchSize * rowsPerSample * dim];
        } else {
          features = new float[batchSize * rowsPerSample * dim];
        }
        indices = new long[batchSize];
      }
      if (half) {
        if (!codec.copyFloat16(bytes, offset, halfFeatures, count * per, per)) {
          codec.decode(bytes, offset, scratch, 0, per);
          reportNonFinite(scratch, 0, sampleIndex);
        }
      } else if (pool) {
        if (!codec.decode(bytes, offset, scratch, 0, per)) {
          reportNonFinite(scratch, 0, sampleIndex);
        }
        meanPool(scratch, features, count * dim);
      } else {
        int at = count * per;
        if (!codec.decode(bytes, offset, features, at, per)) {
          reportNonFinite(features, at, sampleIndex);
        }
      }
      indices[count++] = sampleIndex;
      return count < batchSize || emit();
    }

    /** Emits the last, partial batch unless dropped; false if the iterator was closed. */
    boolean finish() {
      if (count == 0 || options.dropLast()) {
        return !closed;
      }
      if (half) {
        halfFeatures = java.util.Arrays.copyOf(halfFeatures, count * rowsPerSample * dim);
      } else {
        features = java.util.Arrays.copyOf(features, count * rowsPerSample * dim);
      }
      indices = java.util.Arrays.copyOf(indices, count);
      return emit();
    }

    private boolean emit() {
      Map<String, long[]> labels = new LinkedHashMap<>();
      for (int k = 0; k < labelKeys.size(); k++) {
        long[] all = labelValues.get(k);
        long[] mine = new long[count];
        for (int i = 0; i < count; i++) {
          mine[i] = all[(int) indices[i]];
        }
        labels.put(labelKeys.get(k), mine);
      }
      Map<String, long[]> fixed = Collections.unmodifiableMap(labels);
      Batch batch = half
          ? Batch.ofFloat16(halfFeatures, count * rowsPerSample, dim, count, tokens, indices, fixed)
          : new Batch(features, count * rowsPerSample, dim, count, tokens, indices, fixed);
      features = null;
      halfFeatures = null;
      indices = null;
      count = 0;
      return offer(batch);
    }

    private void meanPool(float[] sample, float[] dst, int dstOffset) {
      java.util.Arrays.fill(sums, 0.0);
      for (int t = 0; t < tokens; t++) {
        int row = t * dim;
        for (int f = 0; f < dim; f++) {
          sums[f] += sample[row + f];
        }
      }
      for (int f = 0; f < dim; f++) {
        dst[dstOffset + f] = (float) (sums[f] / tokens);
      }
    }

    /** Finds the first NaN or infinity the decoder flagged and throws, naming where it is. */
    private void reportNonFinite(float[] values, int from, long sampleIndex) {
      for (int k = 0; k < per; k++) {
        float v = values[from + k];
        if (!Float.isFinite(v)) {
          String what = Float.isNaN(v) ? "NaN" : (v > 0 ? "+Infinity" : "-Infinity");
          String at = split.tokenLevel()
              ? "token " + (k / dim) + ", feature " + (k % dim)
              : "feature " + k;
          throw new DataException(where + " sample " + sampleIndex + " of split '" + split.name()
              + "' holds " + what + " at " + at);
        }
      }
      throw new IllegalStateException("the decoder flagged sample " + sampleIndex + " as non-finite, but it is finite");
    }
  }
}
