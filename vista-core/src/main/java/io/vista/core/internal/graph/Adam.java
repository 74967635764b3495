package io.vista.core.internal.graph;

import io.vista.core.LearningRateSchedule;

import io.vista.core.VistaException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Adam (Kingma and Ba 2015) as plain graph arithmetic, with the moment estimates and the step
 * counter held in variables the caller owns, so the optimizer state can be saved and restored
 * like any other array. The arithmetic follows {@code torch.optim.Adam} (no weight decay, no
 * amsgrad):
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>The bias corrections are computed in float64 (torch computes them with Python floats) and
 * rounded once to float32.
 */
public final class Adam {
  /** torch's default first-moment decay. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** torch's default second-moment decay. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** torch's default denominator epsilon. */
  public static final double DEFAULT_EPSILON = 1e-8;

  private Adam() {}

  /** Hyper-parameters. */
  public record Settings(double learningRate, double beta1, double beta2, double epsilon) {
    /** Validates ranges. */
    public Settings {
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new VistaException("learning_rate = " + learningRate + " must be a positive number");
      }
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new VistaException("adam betas (" + beta1 + ", " + beta2 + ") must be in [0, 1)");
      }
      if (!(epsilon >= 0)) {
        throw new VistaException("adam epsilon = " + epsilon + " must be >= 0");
      }
    }

    /** torch's defaults with the given learning rate. */
    public static Settings withLearningRate(double learningRate) {
      return new Settings(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }
  }

  /** The per-step scalars shared by every parameter. */
  public record StepScalars(Operand<TFloat32> stepSize, Operand<TFloat32> biasCorrection2Sqrt) {}

  /** One parameter's new value and moments. */
  public record Update(Operand<TFloat32> param, Operand<TFloat32> m, Operand<TFloat32> v) {}

  /**
   * {@code lr / (1 - beta1^t)} and {@code sqrt(1 - beta2^t)} for step number {@code t} (a float
   * scalar, 1 on the first update).
   */
  public static StepScalars stepScalars(Ops tf, Settings s, Operand<TFloat32> t) {
    return stepScalars(tf, s, t, LearningRateSchedule.CONSTANT);
  }

  /** As {@link #stepScalars(Ops, Settings, Operand)}, with the learning rate scaled by a schedule. */
  public static StepScalars stepScalars(Ops tf, Settings s, Operand<TFloat32> t, LearningRateSchedule schedule) {
    Operand<TFloat64> t64 = tf.dtypes.cast(t, TFloat64.class);
    Operand<TFloat64> one = tf.constant(1.0);
    Operand<TFloat64> bc1 = tf.math.sub(one, tf.math.pow(tf.constant(s.beta1()), t64));
    Operand<TFloat64> bc2 = tf.math.sub(one, tf.math.pow(tf.constant(s.beta2()), t64));
    Operand<TFloat64> lr = tf.math.mul(tf.constant(s.learningRate()), schedule.factor(tf, t64));
    Operand<TFloat64> stepSize = tf.math.div(lr, bc1);
    return new StepScalars(
        tf.dtypes.cast(stepSize, TFloat32.class),
        tf.dtypes.cast(tf.math.sqrt(bc2), TFloat32.class));
  }

  /** The Adam update of one parameter with gradient {@code g} and moments {@code m}, {@code v}. */
  public static Update update(
      Ops tf,
      Settings s,
      StepScalars scalars,
      Operand<TFloat32> param,
      Operand<TFloat32> g,
      Operand<TFloat32> m,
      Operand<TFloat32> v) {
    Operand<TFloat32> m1 =
        tf.math.add(
            tf.math.mul(tf.constant((float) s.beta1()), m),
            tf.math.mul(tf.constant((float) (1 - s.beta1())), g));
    Operand<TFloat32> v1 =
        tf.math.add(
            tf.math.mul(tf.constant((float) s.beta2()), v),
            tf.math.mul(tf.constant((float) (1 - s.beta2())), tf.math.square(g)));
    Operand<TFloat32> denom =
        tf.math.add(
            tf.math.div(tf.math.sqrt(v1), scalars.biasCorrection2Sqrt()),
            tf.constant((float) s.epsilon()));
    Operand<TFloat32> p1 =
        tf.math.sub(param, tf.math.mul(scalars.stepSize(), tf.math.div(m1, denom)));
    return new Update(p1, m1, v1);
  }
}
