package io.vista.core.internal.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Gradient shaping with {@code StopGradient}, for selections whose ops have no registered
 * gradient (TensorFlow's C++ registry has none for {@code TopKV2} or {@code NthElement}).
 *
 * <p>A selection computed under {@code StopGradient} and applied as a multiplicative mask gives
 * the straight-through gradient: {@code d(x * mask)/dx = mask}, and nothing flows into the
 * selection itself. A value-zero term {@code (p - stop(p)) * stop(c)} adds exactly 0 to a value
 * and exactly {@code c} to its derivative with respect to {@code p}: the way to attach a
 * pseudo-derivative (such as JumpReLU's threshold gradient) without a custom op.
 */
public final class StraightThrough {
  private StraightThrough() {}

  /** {@code cond} as a float 0/1 tensor that gradients do not cross. */
  public static Operand<TFloat32> mask(Ops tf, Operand<TBool> cond) {
    return tf.stopGradient(tf.dtypes.cast(cond, TFloat32.class));
  }

  /** {@code x * mask(cond)}: keeps {@code x} where {@code cond}, with gradient {@code mask}. */
  public static Operand<TFloat32> select(Ops tf, Operand<TFloat32> x, Operand<TBool> cond) {
    return tf.math.mul(x, mask(tf, cond));
  }

  /**
   * {@code (p - stop(p)) * stop(coefficient)}: exactly zero in value; its derivative with respect
   * to {@code p} is {@code coefficient} (summed over broadcast dimensions as usual).
   */
  public static Operand<TFloat32> valueZeroTerm(
      Ops tf, Operand<TFloat32> p, Operand<TFloat32> coefficient) {
    return tf.math.mul(tf.math.sub(p, tf.stopGradient(p)), tf.stopGradient(coefficient));
  }
}
