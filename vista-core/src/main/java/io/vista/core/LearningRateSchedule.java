package io.vista.core;


import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * A multiplier of the learning rate as a function of the optimizer step t (1 on the first update):
 * a linear warm-up from 1/warmup to 1 over {@code warmupSteps}, then constant ({@code none}) or a
 * {@code linear} or {@code cosine} decay to {@code minRatio} at {@code totalSteps}. Off
 * ({@link #CONSTANT}) by default, so the Python project's plain Adam is what runs unless asked.
 *
 * @param warmupSteps linear warm-up length; 0 = none
 * @param decay {@code none}, {@code linear} or {@code cosine}
 * @param minRatio the multiplier reached at {@code totalSteps} when decaying, in [0, 1]
 * @param totalSteps steps of the whole run (the decay's end); ignored without decay
 */
public record LearningRateSchedule(int warmupSteps, String decay, double minRatio, long totalSteps) {
  /** The decay shapes. */
  public static final List<String> DECAYS = List.of("none", "linear", "cosine");

  // After DECAYS: the constructor reads it.
  /** The multiplier 1 at every step. */
  public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(0, "none", 0, 0);

  public LearningRateSchedule {
    if (warmupSteps < 0) {
      throw new VistaException("trainer.lr_warmup_steps = " + warmupSteps + " must be >= 0");
    }
    if (!DECAYS.contains(decay)) {
      throw new VistaException("trainer.lr_decay = " + decay + " must be one of " + DECAYS);
    }
    if (!(minRatio >= 0 && minRatio <= 1)) {
      throw new VistaException("trainer.lr_min_ratio = " + minRatio + " must be in [0, 1]");
    }
    if (!decay.equals("none") && totalSteps <= warmupSteps) {
      throw new VistaException("trainer.lr_decay = " + decay + " needs more training steps (" + totalSteps
          + ") than trainer.lr_warmup_steps (" + warmupSteps + ")");
    }
  }

  /** Whether every step uses the plain learning rate. */
  public boolean isConstant() {
    return warmupSteps == 0 && decay.equals("none");
  }

  /** The multiplier at step {@code t} in plain Java (the graph computes the same). */
  public double factor(double t) {
    if (warmupSteps > 0 && t < warmupSteps) {
      return t / warmupSteps;
    }
    if (decay.equals("none")) {
      return 1;
    }
    double progress = Math.min(1, (t - warmupSteps) / (double) (totalSteps - warmupSteps));
    double shape = decay.equals("linear") ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
    return minRatio + (1 - minRatio) * shape;
  }

  /** The multiplier at step {@code t} as a graph operand. */
  public Operand<TFloat64> factor(Ops tf, Operand<TFloat64> t) {
    if (isConstant()) {
      return tf.constant(1.0);
    }
    Operand<TFloat64> one = tf.constant(1.0);
    Operand<TFloat64> warm = warmupSteps > 0
        ? tf.math.minimum(one, tf.math.div(t, tf.constant((double) warmupSteps)))
        : one;
    if (decay.equals("none")) {
      return warm;
    }
    Operand<TFloat64> progress = tf.math.minimum(one, tf.math.maximum(tf.constant(0.0),
        tf.math.div(tf.math.sub(t, tf.constant((double) warmupSteps)),
            tf.constant((double) (totalSteps - warmupSteps)))));
    Operand<TFloat64> shape = decay.equals("linear")
        ? tf.math.sub(one, progress)
        : tf.math.mul(tf.constant(0.5), tf.math.add(one, tf.math.cos(tf.math.mul(tf.constant(Math.PI), progress))));
    Operand<TFloat64> decayed = tf.math.add(tf.constant(minRatio), tf.math.mul(tf.constant(1 - minRatio), shape));
    // During warm-up the warm-up ramp applies; afterwards the decay (which starts at 1).
    return tf.select(tf.math.less(t, tf.constant((double) warmupSteps)), warm, decayed);
  }
}
