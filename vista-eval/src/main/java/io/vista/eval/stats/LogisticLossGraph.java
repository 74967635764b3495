package io.vista.eval.stats;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * Graph builder for the data term of scikit-learn's logistic regression and its gradient, written out explicitly
 * (no autodiff): with {@code Z = X W + b},
 *
 * <ul>
 *   <li>multinomial ({@code HalfMultinomialLoss}): {@code loss = sum_i logsumexp(Z_i) - Z_i[y_i]},
 *       {@code dW = X^T (softmax(Z) - Y)}, {@code db = colsum(softmax(Z) - Y)} with {@code Y} one-hot;
 *   <li>binary ({@code HalfBinomialLoss}, one column): {@code loss = sum_i softplus(z_i) - y_i z_i},
 *       {@code dw = X^T (sigmoid(z) - y)}, {@code db = sum(sigmoid(z) - y)} with {@code y} in {0, 1}.
 * </ul>
 *
 * <p>The L2 penalty is added by the caller in double precision. Everything after the products with {@code X} is
 * float64; when {@code X} is float32 the two products run in float32 (faster, but the gradient then carries
 * float32 rounding).
 */
final class LogisticLossGraph {
  private LogisticLossGraph() {}

  /**
   * Named operands of the built graph.
   *
   * @param weights feed: {@code [d, k]} float64
   * @param intercept feed: {@code [k]} float64
   * @param loss fetch: scalar sum of per-sample losses
   * @param weightGradient fetch: {@code [d, k]}
   * @param interceptGradient fetch: {@code [k]}
   */
  record Outputs(
      Placeholder<TFloat64> weights,
      Placeholder<TFloat64> intercept,
      Operand<TFloat64> loss,
      Operand<TFloat64> weightGradient,
      Operand<TFloat64> interceptGradient) {}

  /**
   * Builds the graph.
   *
   * @param x {@code [n, d]} data, float32 or float64
   * @param target {@code [n, k]} one-hot (multinomial) or {@code [n, 1]} 0/1 (binary), float64
   * @param binary whether to use the binomial (sigmoid) loss with {@code k = 1}
   */
  static Outputs build(Ops tf, Operand<? extends TFloating> x, Operand<TFloat64> target, boolean binary) {
    Placeholder<TFloat64> w = tf.placeholder(TFloat64.class);
    Placeholder<TFloat64> b = tf.placeholder(TFloat64.class);
    boolean single = x.type() == TFloat32.class;
    Operand<TFloat64> xw;
    if (single) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> x32 = (Operand<TFloat32>) x;
      xw = tf.dtypes.cast(tf.linalg.matMul(x32, tf.dtypes.cast(w, TFloat32.class)), TFloat64.class);
    } else {
      @SuppressWarnings("unchecked")
      Operand<TFloat64> x64 = (Operand<TFloat64>) x;
      xw = tf.linalg.matMul(x64, w);
    }
    Operand<TFloat64> z = tf.math.add(xw, b);
    Operand<TFloat64> perSample;
    Operand<TFloat64> residual;
    if (binary) {
      perSample = tf.math.sub(tf.math.softplus(z), tf.math.mul(target, z));
      residual = tf.math.sub(tf.math.sigmoid(z), target);
    } else {
      Operand<TFloat64> max = tf.reduceMax(z, tf.constant(1), ReduceMax.keepDims(true));
      Operand<TFloat64> shifted = tf.math.sub(z, max);
      Operand<TFloat64> e = tf.math.exp(shifted);
      Operand<TFloat64> sum = tf.reduceSum(e, tf.constant(1), ReduceSum.keepDims(true));
      // logsumexp(z) - z[y] = log(sum) - (z[y] - max)
      Operand<TFloat64> picked = tf.reduceSum(tf.math.mul(shifted, target), tf.constant(1), ReduceSum.keepDims(true));
      perSample = tf.math.sub(tf.math.log(sum), picked);
      residual = tf.math.sub(tf.math.div(e, sum), target);
    }
    Operand<TFloat64> loss = tf.reduceSum(perSample, tf.constant(new int[] {0, 1}));
    Operand<TFloat64> gradW;
    if (single) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> x32 = (Operand<TFloat32>) x;
      gradW = tf.dtypes.cast(
          tf.linalg.matMul(x32, tf.dtypes.cast(residual, TFloat32.class), MatMul.transposeA(true)), TFloat64.class);
    } else {
      @SuppressWarnings("unchecked")
      Operand<TFloat64> x64 = (Operand<TFloat64>) x;
      gradW = tf.linalg.matMul(x64, residual, MatMul.transposeA(true));
    }
    Operand<TFloat64> gradB = tf.reduceSum(residual, tf.constant(0));
    return new Outputs(w, b, loss, gradW, gradB);
  }
}
