package io.vista.eval.stats;

import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.sparse.SparseTensorDenseMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
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
 * <p>{@code X} enters only through the two products {@code X W} and {@code X^T R}, which come dense or sparse
 * (COO, for SAE codes that are mostly zeros), float64 or float32. Everything else is float64; with float32 the
 * two products run in float32 (faster, but the gradient then carries float32 rounding). The L2 penalty is added
 * by the caller in double precision.
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
   * Builds the graph for a dense {@code X}.
   *
   * @param x {@code [n, d]}, float32 or float64
   * @param target {@code [n, k]} one-hot (multinomial) or {@code [n, 1]} 0/1 (binary), float64
   * @param binary whether to use the binomial (sigmoid) loss with {@code k = 1}
   */
  static Outputs buildDense(Ops tf, Operand<? extends TFloating> x, Operand<TFloat64> target, boolean binary) {
    if (x.type() == TFloat32.class) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> x32 = (Operand<TFloat32>) x;
      return build(tf, target, binary,
          w -> tf.dtypes.cast(tf.linalg.matMul(x32, tf.dtypes.cast(w, TFloat32.class)), TFloat64.class),
          r -> tf.dtypes.cast(
              tf.linalg.matMul(x32, tf.dtypes.cast(r, TFloat32.class), MatMul.transposeA(true)), TFloat64.class));
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat64> x64 = (Operand<TFloat64>) x;
    return build(tf, target, binary,
        w -> tf.linalg.matMul(x64, w),
        r -> tf.linalg.matMul(x64, r, MatMul.transposeA(true)));
  }

  /**
   * Builds the graph for a sparse {@code X} in coordinate form.
   *
   * @param indices {@code [nnz, 2]} (row, column) pairs
   * @param values {@code [nnz]}, float32 or float64
   * @param shape {@code [n, d]}
   */
  static Outputs buildSparse(Ops tf, Operand<TInt32> indices, Operand<? extends TFloating> values,
      Operand<TInt64> shape, Operand<TFloat64> target, boolean binary) {
    SparseTensorDenseMatMul.Options transposeX = SparseTensorDenseMatMul.adjointA(true);
    if (values.type() == TFloat32.class) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> v32 = (Operand<TFloat32>) values;
      return build(tf, target, binary,
          w -> tf.dtypes.cast(tf.sparse.sparseTensorDenseMatMul(indices, v32, shape,
              tf.dtypes.cast(w, TFloat32.class)), TFloat64.class),
          r -> tf.dtypes.cast(tf.sparse.sparseTensorDenseMatMul(indices, v32, shape,
              tf.dtypes.cast(r, TFloat32.class), transposeX), TFloat64.class));
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat64> v64 = (Operand<TFloat64>) values;
    return build(tf, target, binary,
        w -> tf.sparse.sparseTensorDenseMatMul(indices, v64, shape, w),
        r -> tf.sparse.sparseTensorDenseMatMul(indices, v64, shape, r, transposeX));
  }

  private static Outputs build(Ops tf, Operand<TFloat64> target, boolean binary,
      UnaryOperator<Operand<TFloat64>> times, UnaryOperator<Operand<TFloat64>> transposeTimes) {
    Placeholder<TFloat64> w = tf.placeholder(TFloat64.class);
    Placeholder<TFloat64> b = tf.placeholder(TFloat64.class);
    Operand<TFloat64> z = tf.math.add(times.apply(w), b);
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
      // logsumexp(z) - z[y] = log(sum exp(z - max)) - (z[y] - max)
      Operand<TFloat64> picked =
          tf.reduceSum(tf.math.mul(shifted, target), tf.constant(1), ReduceSum.keepDims(true));
      perSample = tf.math.sub(tf.math.log(sum), picked);
      residual = tf.math.sub(tf.math.div(e, sum), target);
    }
    Operand<TFloat64> loss = tf.reduceSum(perSample, tf.constant(new int[] {0, 1}));
    Operand<TFloat64> gradW = transposeTimes.apply(residual);
    Operand<TFloat64> gradB = tf.reduceSum(residual, tf.constant(0));
    return new Outputs(w, b, loss, gradW, gradB);
  }
}
