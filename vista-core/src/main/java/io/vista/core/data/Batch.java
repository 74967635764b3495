package io.vista.core.data;

import java.util.Map;

/**
 * One batch of features with the labels of its samples.
 *
 * <p>The features are float32 ({@link #features()}), or, when the iterator was asked for them
 * ({@link BatchOptions#float16()}) and the file stores float16, the file's raw float16 bits
 * ({@link #float16()}); {@link #features()} then converts them on its first call (exact: every
 * float16 is a float32).
 */
public final class Batch {
  private final short[] float16;
  private final int rows;
  private final int dim;
  private final int samples;
  private final int tokensPerSample;
  private final long[] sampleIndices;
  private final Map<String, long[]> labels;
  private float[] features;

  /**
   * A float32 batch.
   *
   * @param features {@code rows * dim} float32 values, row-major; a fresh array owned by the caller
   * @param rows {@code samples * tokensPerSample} when tokens are flattened, else {@code samples}
   * @param dim feature width d
   * @param samples number of samples (images) in the batch
   * @param tokensPerSample T of the file (1 for 2-D data); rows per sample when flattened
   * @param sampleIndices for each sample, its index within the split (row of the HDF5 dataset)
   * @param labels requested label vectors, each {@code samples} long, aligned with
   *     {@code sampleIndices}
   */
  public Batch(float[] features, int rows, int dim, int samples, int tokensPerSample, long[] sampleIndices,
      Map<String, long[]> labels) {
    this(features, null, rows, dim, samples, tokensPerSample, sampleIndices, labels);
  }

  private Batch(float[] features, short[] float16, int rows, int dim, int samples, int tokensPerSample,
      long[] sampleIndices, Map<String, long[]> labels) {
    this.features = features;
    this.float16 = float16;
    this.rows = rows;
    this.dim = dim;
    this.samples = samples;
    this.tokensPerSample = tokensPerSample;
    this.sampleIndices = sampleIndices;
    this.labels = labels;
  }

  /** A batch of raw float16 bits ({@code rows * dim}, row-major); other parameters as above. */
  public static Batch ofFloat16(short[] float16, int rows, int dim, int samples, int tokensPerSample,
      long[] sampleIndices, Map<String, long[]> labels) {
    return new Batch(null, float16, rows, dim, samples, tokensPerSample, sampleIndices, labels);
  }

  /** {@code rows * dim} float32 values, row-major (converted from {@link #float16()} on first use). */
  public synchronized float[] features() {
    if (features == null) {
      float[] f = new float[float16.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = Float16.toFloat(float16[i]);
      }
      features = f;
    }
    return features;
  }

  /** Whether the batch holds raw float16 bits ({@link #float16()} is not null). */
  public boolean isFloat16() {
    return float16 != null;
  }

  /** The raw float16 bits, row-major, or null for a float32 batch. */
  public short[] float16() {
    return float16;
  }

  /** Rows: {@code samples * tokensPerSample} when tokens are flattened, else {@code samples}. */
  public int rows() {
    return rows;
  }

  /** Feature width d. */
  public int dim() {
    return dim;
  }

  /** Number of samples (images) in the batch. */
  public int samples() {
    return samples;
  }

  /** T of the file (1 for 2-D data). */
  public int tokensPerSample() {
    return tokensPerSample;
  }

  /** For each sample, its index within the split. */
  public long[] sampleIndices() {
    return sampleIndices;
  }

  /** The requested label vectors by key, each aligned with {@link #sampleIndices()}. */
  public Map<String, long[]> labels() {
    return labels;
  }

  /** Rows that belong to each sample: T when flattened, 1 when pooled or 2-D. */
  public int rowsPerSample() {
    return rows / samples;
  }

  /** The label {@code key} of every sample in the batch. */
  public long[] labels(String key) {
    long[] v = labels.get(key);
    if (v == null) {
      throw new DataException("batch has no label '" + key + "' (has: " + labels.keySet() + ")");
    }
    return v;
  }
}
