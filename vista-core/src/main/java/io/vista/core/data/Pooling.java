package io.vista.core.data;

/**
 * How token-level {@code (N, T, d)} samples become rows of a {@link Batch}; 2-D {@code (N, d)}
 * data passes through unchanged either way.
 */
public enum Pooling {
  /**
   * Every token is a row ({@code samples * T} rows), as the SAE module trains:
   * {@code x.reshape(-1, input_size)} in the Python {@code src/modules/sae.py}.
   */
  FLATTEN_TOKENS,
  /**
   * One row per sample, the mean over its tokens, as the probe module does:
   * {@code features.mean(dim=1)} in {@code src/modules/probe.py}. Sums run in double.
   */
  MEAN_POOL
}
