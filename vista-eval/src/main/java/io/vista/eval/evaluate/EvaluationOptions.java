package io.vista.eval.evaluate;

import io.vista.core.VistaException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vista-eval} (evaluate) runs, mirroring evaluation.py's arguments plus the JVM-side ones.
 *
 * @param checkpoint checkpoint folder (vista or SAELens) or Lightning {@code .ckpt}
 * @param hdf5 the encoder-latent file ({@code <split>/encoded}, {@code <split>/labels/*})
 * @param outputDir where {@code evaluation_results.json} goes (created if missing)
 * @param batchSize samples per SAE forward batch (evaluation.py's {@code --batch-size}, 256)
 * @param mode the split: training or validation
 * @param ablationKs the k values of the ablation study
 * @param threads TensorFlow intra-op threads (0: TensorFlow's default)
 * @param warmStart warm-start the ablation probes from the baseline (see {@code AblationStudy})
 */
public record EvaluationOptions(
    Path checkpoint, Path hdf5, Path outputDir, int batchSize, String mode, List<Integer> ablationKs, int threads,
    boolean warmStart) {

  /** evaluation.py's default k values. */
  public static final List<Integer> DEFAULT_KS = List.of(10, 20, 50, 100);
  /** The splits evaluation.py accepts. */
  public static final List<String> MODES = List.of("training", "validation");

  /** Validates. */
  public EvaluationOptions {
    if (batchSize < 1) {
      throw new VistaException("--batch-size " + batchSize + " must be >= 1");
    }
    if (!MODES.contains(mode)) {
      throw new VistaException("--mode " + mode + " is not one of " + MODES);
    }
    ablationKs = List.copyOf(ablationKs);
    for (int k : ablationKs) {
      if (k < 1) {
        throw new VistaException("--ablation-ks " + k + " must be >= 1");
      }
    }
    if (threads < 0) {
      throw new VistaException("--threads " + threads + " must be >= 0");
    }
  }
}
