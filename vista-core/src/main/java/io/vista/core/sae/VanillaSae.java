package io.vista.core.sae;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The ReLU SAE with an L1 penalty (Python {@code VanillaSAE}): {@code acts = pre}, sparsity =
 * {@code l1_coeff * mean over rows of sum |acts|}; no auxiliary loss.
 */
final class VanillaSae extends SparseAutoencoder {
  VanillaSae(SaeSpec spec) {
    super(spec);
  }

  @Override
  protected Activation activate(Ops tf, Params p, Encoded enc, Mode mode) {
    Operand<TFloat32> pre = enc.pre(tf);
    // pre is ReLU'd, so |acts| = acts; d|a|/da differs only at a = 0, where ReLU's gradient is 0
    // in both frameworks, so the gradient is the same too.
    Operand<TFloat32> l1 = tf.sum(pre, tf.constant(new int[] {0, 1}));
    Operand<TFloat32> sparsity =
        tf.math.mul(
            tf.constant((float) spec().l1Coeff()), tf.math.div(l1, rowCountFloat(tf, pre)));
    return new Activation(pre, sparsity, Map.of(), null);
  }
}
