package io.vista.eval.stats;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.DoubleDataBuffer;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * scikit-learn 1.2.1's lbfgs objective for logistic regression, {@code sum_i loss_i + 0.5/C * ||W||^2} (intercept
 * not penalised; {@code LinearModelLoss.loss_gradient} with unit sample weights and {@code l2_reg_strength=1/C}),
 * with the data term evaluated by a TensorFlow graph ({@link LogisticLossGraph}).
 *
 * <p>The parameter vector is laid out as scikit-learn's lbfgs sees it: {@code W} as {@code [d][k]} row-major
 * (the classes of one feature contiguous, i.e. {@code coef.ravel(order="F")}), then the {@code k} intercepts.
 * {@code X} and the targets are put into native tensors once, at construction, and fed to every evaluation
 * (CPU feeds alias the tensor memory, so an evaluation moves only the {@code (d+1)k} parameters).
 */
final class TfLogisticObjective implements DifferentiableFunction, AutoCloseable {
  /** AUTO stores X sparse when at most this fraction of its entries is non-zero (see LogRegBenchmark). */
  static final double SPARSE_DENSITY = 0.25;
  private static final int CHUNK = 1 << 16;

  private final int d;
  private final int k;
  private final double l2;
  private final boolean sparse;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<Operand<?>> feedOps = new ArrayList<>();
  private final List<Tensor> feedTensors = new ArrayList<>();
  private final Session session;
  private final LogisticLossGraph.Outputs out;

  /**
   * @param x row-major {@code [n][d]} data
   * @param classIndex per row, the class position in [0, numClasses) (for binary: 0 negative, 1 positive)
   * @param numClasses number of classes present (the coefficient columns when not binary)
   * @param binary use the binomial loss with a single coefficient column
   * @param c inverse regularisation strength
   * @param float32 run the two products with X in float32 instead of float64
   * @param layout dense, sparse, or chosen from the fraction of non-zeros
   */
  TfLogisticObjective(float[] x, int n, int d, int[] classIndex, int numClasses, boolean binary, double c,
      boolean float32, LogRegOptions.Layout layout) {
    this.d = d;
    this.k = binary ? 1 : numClasses;
    this.l2 = 1.0 / c;
    long nnz = countNonZerosCheckingFinite(x, d);
    boolean chooseSparse = layout == LogRegOptions.Layout.SPARSE
        || (layout == LogRegOptions.Layout.AUTO && nnz > 0 && nnz <= SPARSE_DENSITY * x.length);
    this.sparse = chooseSparse;
    try {
      Graph graph = own(new Graph());
      Ops tf = Ops.create(graph);
      Placeholder<TFloat64> target = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(n, k)));
      feed(target, own(TFloat64.tensorOf(Shape.of(n, k), DataBuffers.of(targets(classIndex, n, binary), true, false))));
      if (chooseSparse) {
        Placeholder<TInt32> indices = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(nnz, 2)));
        Placeholder<?> values;
        Tensor[] coo = sparseTensors(x, d, nnz, float32);
        feed(indices, own(coo[0]));
        values = float32
            ? tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(nnz)))
            : tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(nnz)));
        feed(values, own(coo[1]));
        @SuppressWarnings("unchecked")
        Operand<? extends org.tensorflow.types.family.TFloating> v =
            (Operand<? extends org.tensorflow.types.family.TFloating>) values;
        out = LogisticLossGraph.buildSparse(tf, indices, v, tf.constant(new long[] {n, d}), target, binary);
      } else if (float32) {
        Placeholder<TFloat32> xIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, d)));
        feed(xIn, own(TFloat32.tensorOf(Shape.of(n, d), DataBuffers.of(x, true, false))));
        out = LogisticLossGraph.buildDense(tf, xIn, target, binary);
      } else {
        Placeholder<TFloat64> xIn = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(n, d)));
        feed(xIn, float64Copy(x, n, d));
        out = LogisticLossGraph.buildDense(tf, xIn, target, binary);
      }
      session = own(new Session(graph));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Number of parameters, {@code (d + 1) k}. */
  int dimension() {
    return (d + 1) * k;
  }

  /** Whether X is held in sparse (COO) form. */
  boolean isSparse() {
    return sparse;
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
        TFloat64 bt = TFloat64.tensorOf(Shape.of(k), DataBuffers.of(b, true, false))) {
      Session.Runner runner = session.runner();
      for (int i = 0; i < feedOps.size(); i++) {
        runner.feed(feedOps.get(i), feedTensors.get(i));
      }
      try (Result r = runner.feed(out.weights(), wt)
          .feed(out.intercept(), bt)
          .fetch(out.loss())
          .fetch(out.weightGradient())
          .fetch(out.interceptGradient())
          .run()) {
        loss = ((TFloat64) r.get(0)).getDouble();
        ((TFloat64) r.get(1)).asRawTensor().data().asDoubles().read(gradient, 0, dk);
        ((TFloat64) r.get(2)).asRawTensor().data().asDoubles().read(gradient, dk, k);
      }
    }
    // Penalty 0.5 * l2 * ||W||^2 and its gradient l2 * W, in double precision, as LinearModelLoss does.
    double sq = 0;
    for (int i = 0; i < dk; i++) {
      sq += w[i] * w[i];
      gradient[i] += l2 * w[i];
    }
    return loss + 0.5 * l2 * sq;
  }

  /** Closes tensors, session and graphs, newest first. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = new VistaException("closing a TensorFlow resource failed: " + e.getMessage(), e);
        }
      }
    }
    resources.clear();
    if (first != null) {
      throw first;
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    resources.add(resource);
    return resource;
  }

  private void feed(Operand<?> op, Tensor t) {
    feedOps.add(op);
    feedTensors.add(t);
  }

  private double[] targets(int[] classIndex, int n, boolean binary) {
    double[] target = new double[n * k];
    for (int i = 0; i < n; i++) {
      if (binary) {
        target[i] = classIndex[i] == 1 ? 1.0 : 0.0;
      } else {
        target[i * k + classIndex[i]] = 1.0;
      }
    }
    return target;
  }

  /** scikit-learn's check_array rejects NaN and infinity; so do we, naming the entry. */
  private static long countNonZerosCheckingFinite(float[] x, int d) {
    long nnz = 0;
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      if (v != 0f) {
        if (!Float.isFinite(v)) {
          throw new VistaException("LogisticRegression: X[" + (i / d) + ", " + (i % d) + "] is " + v
              + "; input must be finite");
        }
        nnz++;
      }
    }
    return nnz;
  }

  /** COO tensors (int32 row/column pairs in row-major order, and the values) of the non-zeros of X. */
  private static Tensor[] sparseTensors(float[] x, int d, long nnz, boolean float32) {
    TInt32 indices = TInt32.tensorOf(Shape.of(nnz, 2));
    Tensor values = null;
    try {
      values = float32 ? TFloat32.tensorOf(Shape.of(nnz)) : TFloat64.tensorOf(Shape.of(nnz));
      IntDataBuffer ib = indices.asRawTensor().data().asInts();
      FloatDataBuffer fb = float32 ? ((TFloat32) values).asRawTensor().data().asFloats() : null;
      DoubleDataBuffer db = float32 ? null : ((TFloat64) values).asRawTensor().data().asDoubles();
      int[] ic = new int[2 * CHUNK];
      float[] vc = new float[CHUNK];
      double[] wide = float32 ? null : new double[CHUNK];
      int fill = 0;
      long written = 0;
      for (int i = 0; i <= x.length; i++) {
        boolean end = i == x.length;
        if (!end && x[i] != 0f) {
          ic[2 * fill] = i / d;
          ic[2 * fill + 1] = i % d;
          vc[fill++] = x[i];
        }
        if (fill == CHUNK || (end && fill > 0)) { // a full chunk, or the rest: copy it into the tensors
          ib.offset(2 * written).write(ic, 0, 2 * fill);
          if (float32) {
            fb.offset(written).write(vc, 0, fill);
          } else {
            for (int j = 0; j < fill; j++) {
              wide[j] = vc[j]; // exact
            }
            db.offset(written).write(wide, 0, fill);
          }
          written += fill;
          fill = 0;
        }
      }
      return new Tensor[] {indices, values};
    } catch (RuntimeException e) {
      indices.close();
      if (values != null) {
        values.close();
      }
      throw e;
    }
  }

  /**
   * X as a float64 tensor: the float32 rows go to TensorFlow as they are and one Cast (native, multi-threaded)
   * widens them; the Result holding the cast tensor stays open, owned by this objective.
   */
  private Tensor float64Copy(float[] x, int n, int d) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, d)));
      Operand<TFloat64> cast = tf.dtypes.cast(in, TFloat64.class);
      try (Session s = new Session(g);
          TFloat32 x32 = TFloat32.tensorOf(Shape.of(n, d), DataBuffers.of(x, true, false))) {
        Result r = own(s.runner().feed(in, x32).fetch(cast).run());
        return r.get(0);
      }
    }
  }
}
