package io.vista.eval.export;

import io.vista.core.VistaException;
import io.vista.core.internal.hdf5.Hdf5Writer;
import java.nio.file.Path;

/**
 * What {@code vista-eval sae-latents} does, mirroring {@code sae_latent_dataset.py}'s arguments.
 *
 * @param input the encoder-latent file
 * @param checkpoint the SAE
 * @param outputRaw the per-token SAE latents file ({@code <split>/data}, (N, T, m) float16)
 * @param outputAgg the aggregated file ({@code <split>/data/mean} and {@code data/max}, (N, m) float16)
 * @param batchSize samples per SAE batch (128 in the Python; batchtopk with per-batch selection depends on it)
 * @param threads TensorFlow intra-op threads (0: its default)
 * @param zstdLevel the Zstandard level of every dataset written, {@value Hdf5Writer#MIN_ZSTD_LEVEL} to
 *     {@value Hdf5Writer#MAX_ZSTD_LEVEL} ({@link #DEFAULT_ZSTD_LEVEL}, VISTA's, unless asked otherwise)
 */
public record ExportOptions(Path input, Path checkpoint, Path outputRaw, Path outputAgg, int batchSize, int threads,
    int zstdLevel) {
  /** sae_latent_dataset.py's {@code hdf5plugin.Zstd(clevel=3)}. */
  public static final int DEFAULT_ZSTD_LEVEL = Hdf5Writer.ZSTD_LEVEL;

  /** Validates. */
  public ExportOptions {
    if (batchSize < 1) {
      throw new VistaException("--batch-size " + batchSize + " must be >= 1");
    }
    if (threads < 0) {
      throw new VistaException("--threads " + threads + " must be >= 0");
    }
    if (zstdLevel < Hdf5Writer.MIN_ZSTD_LEVEL || zstdLevel > Hdf5Writer.MAX_ZSTD_LEVEL) {
      throw new VistaException("--zstd-level " + zstdLevel + " is not a Zstd level (" + Hdf5Writer.MIN_ZSTD_LEVEL
          + ".." + Hdf5Writer.MAX_ZSTD_LEVEL + ")");
    }
    Path in = input.toAbsolutePath().normalize();
    Path raw = outputRaw.toAbsolutePath().normalize();
    Path agg = outputAgg.toAbsolutePath().normalize();
    if (raw.equals(agg)) {
      throw new VistaException("--output-raw and --output-agg are the same file " + raw);
    }
    if (raw.equals(in) || agg.equals(in)) {
      throw new VistaException("an output is the input file " + in);
    }
  }

  /** With the default Zstd level, {@link #DEFAULT_ZSTD_LEVEL}. */
  public ExportOptions(Path input, Path checkpoint, Path outputRaw, Path outputAgg, int batchSize, int threads) {
    this(input, checkpoint, outputRaw, outputAgg, batchSize, threads, DEFAULT_ZSTD_LEVEL);
  }
}
