package io.vista.core.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Initial probe weights, named as the Python LinearProbe's state dict names them ({@code
 * age_classifier.weight} [C, d], {@code age_classifier.bias} [C], ...), and initialised as {@code nn.Linear} does: kaiming_uniform with
 * a = sqrt(5) on the weight, which is U(-1/sqrt(d), 1/sqrt(d)), and the bias from the same range.
 */
public final class ProbeWeights {
  private ProbeWeights() {}

  /** Fresh weights for every head of {@code spec}, deterministic for {@code seed}. */
  public static Map<String, float[]> initialize(ProbeSpec spec, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double bound = 1.0 / Math.sqrt(spec.inputDim());
    Map<String, float[]> out = new LinkedHashMap<>();
    spec.taskClasses().forEach((task, classes) -> {
      float[] w = new float[classes * spec.inputDim()];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
      }
      float[] b = new float[classes];
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
      }
      out.put(weightName(task), w);
      out.put(biasName(task), b);
    });
    return out;
  }

  /**
   * The weight [C, d] of a task's head, named as the Python {@code LinearProbe} names its
   * parameter ({@code age_classifier.weight}), so a checkpoint's tensors load into it with
   * {@code probe.load_state_dict(...)}.
   */
  public static String weightName(String task) {
    return task + "_classifier.weight";
  }

  /** The bias [C] of a task's head ({@code age_classifier.bias}). */
  public static String biasName(String task) {
    return task + "_classifier.bias";
  }
}
