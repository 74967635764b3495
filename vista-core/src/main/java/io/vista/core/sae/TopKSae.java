package io.vista.core.sae;

import io.vista.core.internal.graph.StraightThrough;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The TopK SAE (Gao et al. 2024; Python {@code TopKSAE}): each row keeps its {@code top_k}
 * largest ReLU pre-activations and zeroes the rest; no sparsity penalty; AuxK loss on dead
 * features.
 *
 * <p>The row's k-th largest value comes from {@code NthElement} under {@code StopGradient} and the
 * selection is applied as a mask, so the gradient is the straight-through one of {@code
 * torch.topk} + scatter: {@code d acts / d pre = mask}. Rows with fewer than k positive entries
 * keep all their positive entries (torch's top-k would also pick zeros, which add nothing to
 * values, gradients, the dead tracker or L0, which counts {@code acts > 0}). A positive value tied
 * with the k-th keeps more than k entries where torch would break the tie; with continuous data
 * that has probability ~0.
 */
final class TopKSae extends SparseAutoencoder {
  TopKSae(SaeSpec spec) {
    super(spec);
  }

  @Override
  protected boolean usesAuxLoss() {
    return true;
  }

  @Override
  protected Activation activate(Ops tf, Params p, Encoded enc, Mode mode) {
    int m = spec().dSae();
    Operand<TFloat32> z = enc.z();
    // NthElement's n counts from the smallest: n = m - k is the k-th largest of the row.
    Operand<TFloat32> kth = tf.nn.nthElement(tf.stopGradient(z), tf.constant(m - spec().topK()));
    // Keep z >= kth and z > 0: exactly the entries of pre = ReLU(z) that are >= pre's k-th
    // largest and non-zero, so z * mask = pre * mask in value and gradient.
    Operand<TFloat32> cut =
        tf.expandDims(tf.math.maximum(kth, tf.constant(MIN_POSITIVE)), tf.constant(1));
    Operand<TFloat32> mask = StraightThrough.mask(tf, tf.math.greaterEqual(z, cut));
    Operand<TFloat32> acts = tf.math.mul(z, mask);
    return new Activation(acts, tf.constant(0f), Map.of(), columnCounts(tf, mask));
  }
}
