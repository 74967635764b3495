package io.vista.eval.stats;

import io.vista.core.VistaException;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.DoubleDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * scikit-learn 1.2.1's lbfgs objective for logistic regression, {@code sum_i loss_i + 0.5/C * ||W||^2} (intercept
 * not penalised; {@code LinearModelLoss.loss_gradient} with unit sample weights and {@code l2_reg_strength=1/C}),
 * with the data term evaluated by a TensorFlow graph.
 *
 * <p>The parameter vector is laid out as scikit-learn's lbfgs sees it: {@code W} as {@code [d][k]} row-major
 * (the classes of one feature contiguous, i.e. {@code coef.ravel(order="F")}), then the {@code k} intercepts.
 * {@code X} and the targets are copied into native tensors once, at construction, and fed to every evaluation
 * (CPU feeds alias the tensor memory, so an evaluation moves only the {@code (d+1)k} parameters).
 */
final class TfLogisticObjective implements DifferentiableFunction, AutoCloseable {
  private static final int CHUNK = 1 << 20;

  private final int d;
  private final int k;
  private final double l2;
  private final Graph graph;
  private final Session session;
  private final Tensor xTensor;
  private final TFloat64 targetTensor;
  private final Placeholder<? extends TFloating> xIn;
  private final Placeholder<TFloat64> targetIn;
  private final LogisticLossGraph.Outputs out;
  private int evaluations;

  /**
   * @param x row-major {@code [n][d]} data
   * @param classIndex per row, the class position in [0, k) (for binary: 0 negative, 1 positive)
   * @param numClasses number of classes present (2 means binary)
   * @param binary use the binomial loss with a single coefficient column
   * @param c inverse regularisation strength
   * @param float32 run the two products with X in float32 instead of float64
   */
  TfLogisticObjective(
      float[] x, int n, int d, int[] classIndex, int numClasses, boolean binary, double c, boolean float32) {
    this.d = d;
    this.k = binary ? 1 : numClasses;
    this.l2 = 1.0 / c;
    double[] target = new double[n * k];
    for (int i = 0; i < n; i++) {
      if (binary) {
        target[i] = classIndex[i] == 1 ? 1.0 : 0.0;
      } else {
        target[i * k + classIndex[i]] = 1.0;
      }
    }
    Graph g = new Graph();
    Session s = null;
    Tensor xt = null;
    TFloat64 tt = null;
    try {
      Ops tf = Ops.create(g);
      if (float32) {
        xIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, d)));
        xt = TFloat32.tensorOf(Shape.of(n, d), DataBuffers.of(x, true, false));
      } else {
        xIn = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(n, d)));
        xt = toFloat64(x, n, d);
      }
      targetIn = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(n, k)));
      tt = TFloat64.tensorOf(Shape.of(n, k), DataBuffers.of(target, true, false));
      out = LogisticLossGraph.build(tf, xIn, targetIn, binary);
      s = new Session(g);
    } catch (RuntimeException e) {
      if (xt != null) {
        xt.close();
      }
      if (tt != null) {
        tt.close();
      }
      if (s != null) {
        s.close();
      }
      g.close();
      throw e;
    }
    graph = g;
    session = s;
    xTensor = xt;
    targetTensor = tt;
  }

  /** Number of parameters, {@code (d + 1) k}. */
  int dimension() {
    return (d + 1) * k;
  }

  /** Evaluations so far. */
  int evaluations() {
    return evaluations;
  }

  @Override
  public double valueAndGradient(double[] theta, double[] gradient) {
    if (theta.length != dimension() || gradient.length != dimension()) {
      throw new VistaException("logistic objective: parameter vector has length " + theta.length
          + ", expected " + dimension());
    }
    int dk = d * k;
    double[] w = new double[dk];
    double[] b = new double[k];
    System.arraycopy(theta, 0, w, 0, dk);
    System.arraycopy(theta, dk, b, 0, k);
    double loss;
    try (TFloat64 wt = TFloat64.tensorOf(Shape.of(d, k), DataBuffers.of(w, true, false));
        TFloat64 bt = TFloat64.tensorOf(Shape.of(k), DataBuffers.of(b, true, false));
        Result r = session.runner()
            .feed(xIn, xTensor)
            .feed(targetIn, targetTensor)
            .feed(out.weights(), wt)
            .feed(out.intercept(), bt)
            .fetch(out.loss())
            .fetch(out.weightGradient())
            .fetch(out.interceptGradient())
            .run()) {
      loss = ((TFloat64) r.get(0)).getDouble();
      ((TFloat64) r.get(1)).asRawTensor().data().asDoubles().read(gradient, 0, dk);
      ((TFloat64) r.get(2)).asRawTensor().data().asDoubles().read(gradient, dk, k);
    }
    evaluations++;
    // Penalty 0.5 * l2 * ||W||^2 and its gradient l2 * W, in double precision, as LinearModelLoss does.
    double sq = 0;
    for (int i = 0; i < dk; i++) {
      sq += w[i] * w[i];
      gradient[i] += l2 * w[i];
    }
    return loss + 0.5 * l2 * sq;
  }

  @Override
  public void close() {
    try (graph;
        session;
        xTensor;
        targetTensor) {
      // closes all four, even if one close fails
    }
  }

  /** Copies float32 rows into a float64 tensor in chunks, to avoid a second full-size Java array. */
  private static TFloat64 toFloat64(float[] x, int n, int d) {
    long total = (long) n * d;
    TFloat64 t = TFloat64.tensorOf(Shape.of(n, d));
    DoubleDataBuffer buf = t.asRawTensor().data().asDoubles();
    double[] chunk = new double[(int) Math.min(CHUNK, total)];
    for (long start = 0; start < total; start += chunk.length) {
      int len = (int) Math.min(chunk.length, total - start);
      for (int i = 0; i < len; i++) {
        chunk[i] = x[(int) (start + i)];
      }
      buf.offset(start).write(chunk, 0, len);
    }
    return t;
  }
}
