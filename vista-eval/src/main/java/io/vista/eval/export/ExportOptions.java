package io.vista.eval.export;

import io.vista.core.VistaException;
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
 */
public record ExportOptions(Path input, Path checkpoint, Path outputRaw, Path outputAgg, int batchSize, int threads) {
  /** Validates. */
  public ExportOptions {
    if (batchSize < 1) {
      throw new VistaException("--batch-size " + batchSize + " must be >= 1");
    }
    if (threads < 0) {
      throw new VistaException("--threads " + threads + " must be >= 0");
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
}
