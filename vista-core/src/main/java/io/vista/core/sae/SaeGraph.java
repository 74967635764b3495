package io.vista.core.sae;

import io.vista.core.internal.graph.Adam;
import io.vista.core.LearningRateSchedule;
import io.vista.core.internal.graph.RowNorm;
import io.vista.core.internal.graph.VariableSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Every subgraph a {@link SaeSession} runs, built once: the variables, the training step (forward,
 * loss, gradients, decoder projection, Adam, state updates), evaluation and encoding. Each
 * subgraph reads each variable once, so within one run all uses see the same value.
 */
final class SaeGraph {
  /** Adam step counter state name. */
  static final String ADAM_STEP = "adam/step";

  final VariableSet vars = new VariableSet();
  final List<String> trainable;

  /** Float16 input of a training step; {@link #trainX} is its conversion to float32. */
  final Placeholder<TFloat16> trainXHalf;
  /**
   * The training step's float32 input: the Cast of {@link #trainXHalf}. Float32 batches are fed
   * here directly (TensorFlow lets a feed replace any tensor; the Cast then does not run).
   */
  final Operand<TFloat32> trainX;
  /** [loss, l2, sparsity, aux, l0, numDead, gradNorm]. */
  final Operand<TFloat32> trainMetrics;
  final Op trainOp;
  /** Raw gradients (before projection and Adam), in {@link #trainable} order. */
  final List<Operand<TFloat32>> rawGradients;

  final Placeholder<TFloat32> evalX;
  /** [loss, l2, sparsity, aux, l0, numDead, cosineSim, sse, sumSquaredDeviation]. */
  final Operand<TFloat32> evalScalars;
  final Operand<TFloat32> evalColumnSums;

  final Placeholder<TFloat32> encodeX;
  final Operand<TFloat32> encodeActs;
  final Operand<TFloat32> encodeRecon;

  static String adamM(String param) {
    return "adam/m/" + param;
  }

  static String adamV(String param) {
    return "adam/v/" + param;
  }

  SaeGraph(Ops tf, SparseAutoencoder sae, LearningRateSchedule schedule) {
    SaeSpec spec = sae.spec();
    long d = spec.dIn();
    long m = spec.dSae();
    trainable = sae.trainableNames();
    Map<String, long[]> shapes = SaeWeights.expectedShapes(spec);
    for (String p : trainable) {
      vars.add(tf, p, shapes.get(p));
    }
    for (String s : sae.extraStateNames()) {
      vars.add(tf, s, m);
    }
    vars.add(tf, SparseAutoencoder.DEAD_COUNTER, m);
    for (String p : trainable) {
      vars.add(tf, adamM(p), shapes.get(p));
    }
    for (String p : trainable) {
      vars.add(tf, adamV(p), shapes.get(p));
    }
    vars.add(tf, ADAM_STEP);
    Shape batch = Shape.of(-1, d);

    // ---- training step ----
    Ops t = tf.withSubScope("train");
    trainXHalf = t.placeholder(TFloat16.class, Placeholder.shape(batch));
    trainX = t.dtypes.cast(trainXHalf, TFloat32.class);
    Map<String, Operand<TFloat32>> read = readAll(t);
    SparseAutoencoder.Forward f =
        sae.forward(t, new SparseAutoencoder.Params(read), trainX, SparseAutoencoder.Mode.TRAIN);
    List<Operand<TFloat32>> xs = new ArrayList<>();
    for (String p : trainable) {
      xs.add(read.get(p));
    }
    Gradients grads = t.gradients(f.loss(), xs);
    rawGradients = new ArrayList<>();
    for (int i = 0; i < trainable.size(); i++) {
      rawGradients.add(grads.<TFloat32>dy(i));
    }

    // Python make_decoder_weights_and_grad_unit_norm, run between backward and the optimizer:
    // normalise W_dec's rows, remove from its gradient the component along each row, and let Adam
    // update the normalised W_dec.
    Map<String, Operand<TFloat32>> value = new LinkedHashMap<>();
    Map<String, Operand<TFloat32>> grad = new LinkedHashMap<>();
    for (int i = 0; i < trainable.size(); i++) {
      value.put(trainable.get(i), read.get(trainable.get(i)));
      grad.put(trainable.get(i), rawGradients.get(i));
    }
    Operand<TFloat32> wDecUnit = RowNorm.normalize(t, read.get(SaeWeights.W_DEC));
    value.put(SaeWeights.W_DEC, wDecUnit);
    grad.put(SaeWeights.W_DEC, RowNorm.removeParallel(t, grad.get(SaeWeights.W_DEC), wDecUnit));

    Adam.Settings adam = Adam.Settings.withLearningRate(spec.learningRate());
    Operand<TFloat32> step = t.math.add(read.get(ADAM_STEP), t.constant(1f));
    Adam.StepScalars scalars = Adam.stepScalars(t, adam, step, schedule);
    List<Op> assigns = new ArrayList<>();
    Operand<TFloat32> gradSq = t.constant(0f);
    for (String p : trainable) {
      Operand<TFloat32> g = grad.get(p);
      gradSq = t.math.add(gradSq, t.sum(t.math.square(g), allAxes(t, shapes.get(p).length)));
      Adam.Update u =
          Adam.update(t, adam, scalars, value.get(p), g, read.get(adamM(p)), read.get(adamV(p)));
      assigns.add(vars.assign(t, p, u.param()));
      assigns.add(vars.assign(t, adamM(p), u.m()));
      assigns.add(vars.assign(t, adamV(p), u.v()));
    }
    assigns.add(vars.assign(t, ADAM_STEP, step));
    assigns.add(vars.assign(t, SparseAutoencoder.DEAD_COUNTER, f.deadCounter()));
    f.stateUpdates().forEach((name, v) -> assigns.add(vars.assign(t, name, v)));
    trainOp = t.withControlDependencies(assigns).noOp();
    trainMetrics =
        t.stack(
            List.of(
                f.loss(), f.l2Loss(), f.sparsityLoss(), f.auxLoss(), f.l0(), f.numDead(),
                t.math.sqrt(gradSq)));

    // ---- evaluation ----
    Ops e = tf.withSubScope("eval");
    evalX = e.placeholder(TFloat32.class, Placeholder.shape(batch));
    SparseAutoencoder.Forward ef =
        sae.forward(
            e, new SparseAutoencoder.Params(readAll(e)), evalX, SparseAutoencoder.Mode.EVAL);
    Operand<TFloat32> x = evalX;
    Operand<TFloat32> recon = ef.recon();
    Operand<TFloat32> dot = e.sum(e.math.mul(x, recon), e.constant(1));
    Operand<TFloat32> nx = e.sum(e.math.square(x), e.constant(1));
    Operand<TFloat32> nr = e.sum(e.math.square(recon), e.constant(1));
    // torch.nn.functional.cosine_similarity (eps = 1e-8): x.y / sqrt(max(|x|^2 |y|^2, eps^2)).
    Operand<TFloat32> cos =
        e.math.div(dot, e.math.sqrt(e.math.maximum(e.math.mul(nx, nr), e.constant(1e-16f))));
    Operand<TFloat32> columnMean = e.math.mean(x, e.constant(0), Mean.keepDims(true));
    Operand<TFloat32> ssd =
        e.sum(e.math.square(e.math.sub(x, columnMean)), e.constant(new int[] {0, 1}));
    evalScalars =
        e.stack(
            List.of(
                ef.loss(), ef.l2Loss(), ef.sparsityLoss(), ef.auxLoss(), ef.l0(), ef.numDead(),
                e.math.mean(cos, e.constant(0)), ef.sumSquaredError(), ssd));
    evalColumnSums = e.sum(x, e.constant(0));

    // ---- encoding ----
    Ops c = tf.withSubScope("encode");
    encodeX = c.placeholder(TFloat32.class, Placeholder.shape(batch));
    SparseAutoencoder.Params cp = new SparseAutoencoder.Params(readAll(c));
    encodeActs = sae.encode(c, cp, encodeX);
    encodeRecon = sae.decode(c, cp, encodeActs);
  }

  private Map<String, Operand<TFloat32>> readAll(Ops tf) {
    Map<String, Operand<TFloat32>> read = new LinkedHashMap<>();
    for (String n : vars.names()) {
      read.put(n, vars.read(tf, n));
    }
    return read;
  }

  private static Operand<TInt32> allAxes(Ops tf, int rank) {
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return tf.constant(axes);
  }
}
