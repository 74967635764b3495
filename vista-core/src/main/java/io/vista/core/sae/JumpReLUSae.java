package io.vista.core.sae;

import io.vista.core.internal.graph.StraightThrough;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The JumpReLU SAE (Rajamanoharan et al. 2024, "Jumping Ahead: Improving Reconstruction Fidelity
 * with JumpReLU Sparse Autoencoders"; Python {@code JumpReLUSAE}), with a learnable {@code
 * log_threshold} [m] (initially 0), {@code theta = exp(log_threshold)}:
 *
 * <pre>
 *   acts     = pre * H(pre - theta)
 *   sparsity = l0_coeff * mean over rows of sum H(pre - theta)
 * </pre>
 *
 * <p>Pseudo-derivatives (the paper's section 3, rectangle kernel {@code K(u) = 1[-1/2 < u < 1/2]}
 * of width {@code bandwidth}): {@code d acts/d pre = H(pre - theta)} (straight through), {@code
 * d acts/d theta = -(theta/bandwidth) K((pre - theta)/bandwidth)}, {@code d H/d pre = 0}, {@code d
 * H/d theta = -(1/bandwidth) K((pre - theta)/bandwidth)}. They are attached with value-zero terms
 * {@code (theta - stop(theta)) * stop(coefficient)} ({@link StraightThrough#valueZeroTerm}), so
 * values are exactly the plain JumpReLU and TensorFlow's own gradient of {@code theta =
 * exp(log_threshold)} chains them to {@code log_threshold}.
 *
 * <p><b>Difference from the Python:</b> the Python's autograd functions return the theta
 * pseudo-derivatives directly as the gradient of {@code log_threshold}, without the chain-rule
 * factor {@code d theta / d log_threshold = theta}. Here the chain rule is applied, as in the
 * paper (which parametrises the threshold directly or through its log with the chain rule), so the
 * {@code log_threshold} gradient is {@code theta} times the Python's.
 */
final class JumpReLUSae extends SparseAutoencoder {
  JumpReLUSae(SaeSpec spec) {
    super(spec);
  }

  @Override
  protected List<String> extraTrainableNames() {
    return List.of(SaeWeights.LOG_THRESHOLD);
  }

  @Override
  protected Activation activate(Ops tf, Params p, Encoded enc, Mode mode) {
    float bw = (float) spec().bandwidth();
    Operand<TFloat32> z = enc.z();
    Operand<TFloat32> theta = tf.math.exp(p.get(SaeWeights.LOG_THRESHOLD)); // [m]
    Operand<TFloat32> thetaStopped = tf.stopGradient(theta);
    // H(pre - theta) with theta > 0 equals H(z - theta), and z * H = pre * H in value and
    // gradient: the ReLU is folded into the gate (if theta underflows to 0, z > 0 is still right).
    Operand<TFloat32> gate = StraightThrough.mask(tf, tf.math.greater(z, thetaStopped));
    Operand<TFloat32> rows = rowCountFloat(tf, z);
    Operand<TFloat32> gated = tf.math.mul(z, gate);
    Operand<TFloat32> counts = columnCounts(tf, gate); // [m], also the L0 counts
    Operand<TFloat32> l0Value = tf.math.div(tf.sum(counts, tf.constant(0)), rows);
    Operand<TFloat32> l0Coeff = tf.constant((float) spec().l0Coeff());
    if (mode == Mode.EVAL) {
      // Same values; no pseudo-derivative terms needed when nothing is differentiated.
      return new Activation(gated, tf.math.mul(l0Coeff, l0Value), Map.of(), counts);
    }
    // Rectangle kernel K((pre - theta) / bw), on pre = ReLU(z) as the Python computes it.
    Operand<TFloat32> u = tf.math.div(tf.math.sub(enc.pre(tf), thetaStopped), tf.constant(bw));
    Operand<TFloat32> kernel =
        StraightThrough.mask(
            tf,
            tf.math.logicalAnd(
                tf.math.greater(u, tf.constant(-0.5f)), tf.math.less(u, tf.constant(0.5f))));
    // d acts/d theta = -(theta / bw) K.
    Operand<TFloat32> actsCoef =
        tf.math.mul(tf.math.div(tf.math.neg(thetaStopped), tf.constant(bw)), kernel);
    Operand<TFloat32> acts =
        tf.math.add(gated, StraightThrough.valueZeroTerm(tf, theta, actsCoef));
    // d sparsity/d theta_f = l0_coeff * sum over rows of -(1/bw) K / rows.
    Operand<TFloat32> kernelMass = columnCounts(tf, kernel); // [m]
    Operand<TFloat32> stepCoef =
        tf.math.div(tf.math.neg(kernelMass), tf.math.mul(rows, tf.constant(bw)));
    Operand<TFloat32> l0Estimate =
        tf.math.add(
            l0Value, tf.sum(StraightThrough.valueZeroTerm(tf, theta, stepCoef), tf.constant(0)));
    return new Activation(acts, tf.math.mul(l0Coeff, l0Estimate), Map.of(), counts);
  }
}
