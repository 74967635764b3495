package io.vista.core.sae;

import io.vista.core.graph.StraightThrough;
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
 * selection is applied as the mask {@code pre >= kth}, so the gradient is the straight-through one
 * of {@code torch.topk} + scatter: {@code d acts / d pre = mask}. Rows with fewer than k positive
 * entries have {@code kth = 0}; the extra zeros the mask admits contribute nothing to values,
 * gradients (ReLU's gradient is 0 there) or L0 (which counts {@code acts > 0}). A positive value
 * tied with the k-th keeps more than k entries where torch would break the tie; with continuous
 * data that has probability ~0.
 */
public final class TopKSae extends SparseAutoencoder {
  TopKSae(SaeSpec spec) {
    super(spec);
  }

  @Override
  protected boolean usesAuxLoss() {
    return true;
  }

  @Override
  protected Activation activate(Ops tf, Params p, Operand<TFloat32> pre, Mode mode) {
    int m = spec().dSae();
    // NthElement's n counts from the smallest: n = m - k is the k-th largest.
    Operand<TFloat32> kth = tf.nn.nthElement(tf.stopGradient(pre), tf.constant(m - spec().topK()));
    Operand<TFloat32> acts =
        StraightThrough.select(tf, pre, tf.math.greaterEqual(pre, tf.expandDims(kth, tf.constant(1))));
    return new Activation(acts, tf.constant(0f), Map.of());
  }
}
