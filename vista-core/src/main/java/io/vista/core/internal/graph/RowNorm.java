package io.vista.core.internal.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Row-wise unit normalisation of a matrix, as {@code torch.nn.functional.normalize(w, dim=-1)}:
 * each row divided by {@code max(||row||, eps)} with {@code eps = 1e-12}.
 */
public final class RowNorm {
  /** torch's default {@code eps} for {@code F.normalize}. */
  public static final float EPS = 1e-12f;

  private RowNorm() {}

  /** The rows of {@code w} scaled to unit Euclidean norm (zero rows stay zero). */
  public static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> w) {
    Operand<TFloat32> norms =
        tf.math.sqrt(tf.sum(tf.math.square(w), tf.constant(1), Sum.keepDims(true)));
    return tf.math.div(w, tf.math.maximum(norms, tf.constant(EPS)));
  }

  /**
   * {@code g - (g . u) u} row by row: removes from each row of {@code g} its component along the
   * same row of {@code unitRows} (which must have unit-norm rows).
   */
  public static Operand<TFloat32> removeParallel(
      Ops tf, Operand<TFloat32> g, Operand<TFloat32> unitRows) {
    Operand<TFloat32> dots = tf.sum(tf.math.mul(g, unitRows), tf.constant(1), Sum.keepDims(true));
    return tf.math.sub(g, tf.math.mul(dots, unitRows));
  }
}
