package io.vista.eval.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams the SAE activations of a split, batch by batch, into the {@link SaeHealth} figures of evaluation.py's
 * {@code encode_dataset}: per-feature firing counts (a feature fires on a row when its activation is above 0)
 * and one L0 value per sample. Memory: m longs plus one float per sample.
 */
public final class SaeHealthAccumulator {
  private final int numFeatures;
  private final long[] activeCounts;
  private float[] l0PerSample = new float[1024];
  private int samples;
  private long totalTokens;

  /** An accumulator for activations of width {@code numFeatures}. */
  public SaeHealthAccumulator(int numFeatures) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    this.numFeatures = numFeatures;
    this.activeCounts = new long[numFeatures];
  }

  /**
   * Adds one batch.
   *
   * @param acts activations, row-major {@code [samples * tokensPerSample, m]}, the tokens of a sample adjacent
   * @param samples samples in the batch
   * @param tokensPerSample rows per sample (T for token-level data, 1 otherwise)
   */
  public void add(float[] acts, int samples, int tokensPerSample) {
    int m = numFeatures;
    long rows = (long) samples * tokensPerSample;
    if (samples < 0 || tokensPerSample < 1 || rows * m != acts.length) {
      throw new IllegalArgumentException("batch of " + acts.length + " activations is not " + samples + " samples x "
          + tokensPerSample + " tokens x " + m + " features");
    }
    ensureCapacity(this.samples + samples);
    for (int s = 0; s < samples; s++) {
      long tokenL0Sum = 0; // integer-valued: numpy's float32 sum of these counts is exact below 2^24
      for (int t = 0; t < tokensPerSample; t++) {
        int base = (s * tokensPerSample + t) * m;
        int active = 0;
        for (int j = 0; j < m; j++) {
          if (acts[base + j] > 0f) {
            activeCounts[j]++;
            active++;
          }
        }
        tokenL0Sum += active;
      }
      // (acts > 0).sum(-1).astype(float32).reshape(bs, T).mean(axis=1): a float32 sum over T, divided by T.
      l0PerSample[this.samples + s] = NumpyFloat32.divide((float) tokenL0Sum, tokensPerSample);
    }
    this.samples += samples;
    totalTokens += rows;
  }

  /** Samples added so far. */
  public long samples() {
    return samples;
  }

  /** Per-feature firing counts so far (a copy). */
  public long[] activeCounts() {
    return activeCounts.clone();
  }

  /**
   * The figures over everything added.
   *
   * @throws IllegalStateException when nothing was added
   */
  public SaeHealth result() {
    if (samples == 0) {
      throw new IllegalStateException("no samples were added");
    }
    float[] l0 = Arrays.copyOf(l0PerSample, samples);
    long dead = 0;
    for (long c : activeCounts) {
      if (c == 0) {
        dead++;
      }
    }
    long[] sorted = activeCounts.clone();
    Arrays.sort(sorted);
    Map<String, Double> percentiles = new LinkedHashMap<>();
    for (int p : SaeHealth.PERCENTILES) {
      percentiles.put(Integer.toString(p), Percentiles.linearSorted(sorted, p));
    }
    return new SaeHealth(
        numFeatures,
        samples,
        totalTokens,
        dead,
        (double) dead / numFeatures,
        NumpyFloat32.mean(l0, 0, samples),
        NumpyFloat32.std(l0, 0, samples),
        NumpyFloat32.median(l0),
        percentiles);
  }

  private void ensureCapacity(int needed) {
    if (needed > l0PerSample.length) {
      l0PerSample = Arrays.copyOf(l0PerSample, Math.max(needed, l0PerSample.length * 2));
    }
  }
}
