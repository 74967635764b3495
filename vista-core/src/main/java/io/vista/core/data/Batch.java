package io.vista.core.data;

import java.util.Map;

/**
 * One batch of features with the labels of its samples.
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
public record Batch(
    float[] features,
    int rows,
    int dim,
    int samples,
    int tokensPerSample,
    long[] sampleIndices,
    Map<String, long[]> labels) {

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
