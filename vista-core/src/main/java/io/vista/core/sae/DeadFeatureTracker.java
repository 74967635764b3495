package io.vista.core.sae;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The Python's dead-feature tracker: per feature, the number of consecutive training batches in
 * which it never fired ({@code num_batches_not_active}); a feature is dead once that count
 * reaches {@code n_batches_to_dead}.
 */
final class DeadFeatureTracker {
  private DeadFeatureTracker() {}

  /**
   * The counter after one more batch: 0 where the feature fired ({@code firingCounts > 0}), else
   * the old count + 1.
   */
  static Operand<TFloat32> advance(
      Ops tf, Operand<TFloat32> counter, Operand<TFloat32> firingCounts) {
    Operand<TFloat32> silent =
        tf.dtypes.cast(tf.math.equal(firingCounts, tf.constant(0f)), TFloat32.class);
    return tf.math.mul(tf.math.add(counter, tf.constant(1f)), silent);
  }

  /** {@code counter >= nBatchesToDead}. */
  static Operand<TBool> deadMask(Ops tf, Operand<TFloat32> counter, int nBatchesToDead) {
    return tf.math.greaterEqual(counter, tf.constant((float) nBatchesToDead));
  }
}
