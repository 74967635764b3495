package io.vista.core.sae;

import io.vista.core.Provenance;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.vista.core.CheckpointException;
import io.vista.core.VistaException;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.NamedTensor;
import java.nio.file.Path;
import java.util.Set;
import io.vista.core.LearningRateSchedule;
import io.vista.core.internal.graph.Tensors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;

/**
 * One SAE living in its own TensorFlow graph and session: training steps, evaluation, encoding,
 * and whole-state read/write for checkpoints. Owns native resources: close it. Not thread-safe.
 *
 * <p>State ({@link #state()}): the parameters ({@code W_enc}, {@code b_enc}, {@code W_dec}, {@code
 * b_dec}, and {@code log_threshold} for jumprelu), batchtopk's running {@code threshold}, the
 * dead-feature counter {@code num_batches_not_active}, the Adam moments {@code adam/m/<param>},
 * {@code adam/v/<param>} and the step counter {@code adam/step} (a float scalar, exact up to
 * 2^24 steps).
 *
 * <p>A training step is one {@code Session.run}: forward, loss, gradients of the trained
 * parameters, the decoder projection, Adam, and the state updates; only seven scalars come back.
 */
public final class SaeSession implements AutoCloseable {
  private final SaeSpec spec;
  private final Graph graph;
  private final Session session;
  private final SaeGraph g;

  /**
   * Builds the graphs for {@code spec} and loads {@code init} (fresh optimizer state, no dead
   * features). {@code intraOpThreads} and {@code interOpThreads}: TensorFlow's thread pools, 0
   * for its default.
   */
  public SaeSession(SaeSpec spec, SaeWeights init, int intraOpThreads, int interOpThreads) {
    this(spec, init, intraOpThreads, interOpThreads, LearningRateSchedule.CONSTANT);
  }

  /** As above, with the learning rate following {@code schedule} over the optimizer steps. */
  public SaeSession(SaeSpec spec, SaeWeights init, int intraOpThreads, int interOpThreads,
                    LearningRateSchedule schedule) {
    if ("on".equals(spec.sparseDecoder())) {
      // Measured on CPU with TensorFlow 2.18's kernels (SparseTensorDenseMatMul is not faster
      // than the dense matmul at k/m = 1/48, and scattering the gradient back costs more than it
      // saves), so only the dense decoder exists; "auto" and "off" select it.
      throw new VistaException(
          "sparse_decoder = 'on' is not available (the dense decoder is faster on CPU);"
              + " use 'auto' or 'off'");
    }
    this.spec = spec;
    SparseAutoencoder sae = spec.variant().graph(spec);
    Graph gr = new Graph();
    Session s = null;
    try {
      g = new SaeGraph(Ops.create(gr), sae, schedule);
      ConfigProto.Builder config = ConfigProto.newBuilder();
      if (intraOpThreads > 0) {
        config.setIntraOpParallelismThreads(intraOpThreads);
      }
      if (interOpThreads > 0) {
        config.setInterOpParallelismThreads(interOpThreads);
      }
      s = new Session(gr, config.build());
      this.graph = gr;
      this.session = s;
      g.vars.load(session, initialState(sae, init));
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      gr.close();
      throw e;
    }
  }

  /** The spec the session was built for. */
  public SaeSpec spec() {
    return spec;
  }

  /** One training step on {@code x} [rows, d]. */
  public StepMetrics trainStep(TFloat32 x) {
    checkBatch(x);
    return runTrainStep(g.trainX, x);
  }

  /**
   * One training step on float16 {@code x} [rows, d], converted to float32 inside the graph:
   * the same step as {@link #trainStep(TFloat32)} on the converted values (exact), without a
   * conversion pass in Java.
   */
  public StepMetrics trainStep(TFloat16 x) {
    checkBatch(x);
    return runTrainStep(g.trainXHalf, x);
  }

  private StepMetrics runTrainStep(Operand<?> input, Tensor x) {
    try (Result r =
        session.runner().feed(input, x).fetch(g.trainMetrics).addTarget(g.trainOp).run()) {
      float[] v = Tensors.toArray(r.get(0));
      return new StepMetrics(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }
  }

  /**
   * For profiling: one training step exactly as {@link #trainStep} (it updates the state), run
   * with {@code TraceLevel.FULL_TRACE}; returns TensorFlow's per-op step statistics.
   */
  public RunMetadata traceTrainStep(TFloat32 x) {
    checkBatch(x);
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    try (Result r =
        session.runner().feed(g.trainX, x).fetch(g.trainMetrics).addTarget(g.trainOp)
            .setOptions(trace).runAndFetchMetadata()) {
      return r.getMetadata()
          .orElseThrow(() -> new VistaException("TensorFlow returned no run metadata for a traced step"));
    }
  }

  /**
   * Forward-only metrics of {@code x} [rows, d]; changes no state. The AuxK loss and {@code
   * numDead} use the dead-feature tracker as it stands: unlike the Python, whose validation
   * forward also advances the tracker, evaluation here never mutates training state.
   */
  public EvalMetrics evaluate(TFloat32 x) {
    checkBatch(x);
    try (Result r =
        session.runner().feed(g.evalX, x).fetch(g.evalScalars).fetch(g.evalColumnSums).run()) {
      float[] v = Tensors.toArray(r.get(0));
      float[] sums = Tensors.toArray(r.get(1));
      double[] columnSums = new double[sums.length];
      for (int i = 0; i < sums.length; i++) {
        columnSums[i] = sums[i];
      }
      return new EvalMetrics(
          x.shape().get(0), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], columnSums);
    }
  }

  /**
   * Activations [rows, m] of {@code x} and, if {@code wantRecon}, the reconstruction [rows, d];
   * changes no state. batchtopk selects per batch or by its running threshold as {@code
   * spec.inference()} says.
   */
  public ForwardOutputs forward(TFloat32 x, boolean wantRecon) {
    checkBatch(x);
    Session.Runner runner = session.runner().feed(g.encodeX, x).fetch(g.encodeActs);
    if (wantRecon) {
      runner.fetch(g.encodeRecon);
    }
    Result r = runner.run();
    // The Result's close would close the tensors; hand them to the caller instead.
    TFloat32 acts = (TFloat32) r.get(0);
    TFloat32 recon = wantRecon ? (TFloat32) r.get(1) : null;
    return new ForwardOutputs(acts, recon);
  }

  /** Every variable's current value by state name, in a fixed order. */
  public Map<String, float[]> state() {
    return g.vars.fetch(session);
  }

  /** Every variable's shape by state name (empty for the scalar {@code adam/step}). */
  public Map<String, long[]> stateShapes() {
    return g.vars.shapes();
  }

  /**
   * Restores a state from {@link #state()} exactly: the map must name every variable, with the
   * right number of values each.
   */
  public void loadState(Map<String, float[]> state) {
    g.vars.load(session, state);
  }

  /** The current parameters (plus batchtopk's running threshold, jumprelu's threshold export). */
  public SaeWeights weights() {
    Map<String, float[]> st = state();
    Map<String, float[]> w = new LinkedHashMap<>();
    for (String name : SaeWeights.expectedShapes(spec).keySet()) {
      if (st.containsKey(name)) {
        w.put(name, st.get(name));
      }
    }
    return SaeWeights.of(spec, w);
  }

  /**
   * Test hook: the raw gradients (before the decoder projection and Adam) of the training loss
   * on {@code x}, by parameter name; changes no state. The loss is the training step's, so the
   * AuxK term sees the dead-feature tracker advanced by this batch.
   */
  Map<String, float[]> rawGradients(TFloat32 x) {
    checkBatch(x);
    Session.Runner runner = session.runner().feed(g.trainX, x);
    g.rawGradients.forEach(runner::fetch);
    Map<String, float[]> out = new LinkedHashMap<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < g.trainable.size(); i++) {
        out.put(g.trainable.get(i), Tensors.toArray(r.get(i)));
      }
    }
    return out;
  }

  /** The current parameters as an immutable model carrying {@code provenance}. */
  public SaeModel model(Provenance provenance) {
    return SaeModel.of(spec, weights(), provenance);
  }

  /**
   * Writes a checkpoint training can resume from, atomically: the model as {@link SaeModel#save}
   * writes it, plus {@code optimizer.safetensors} (Adam moments and step, the dead-feature
   * counters) and, if given, {@code trainer_state.json}.
   *
   * @param trainerState where the run stands (epoch, global_step, ...); null: no file
   */
  public void saveCheckpoint(Path dir, Provenance provenance, Map<String, ?> trainerState) {
    Map<String, float[]> st = state();
    Map<String, long[]> shapes = stateShapes();
    Set<String> weightNames = SaeWeights.expectedShapes(spec).keySet();
    Map<String, NamedTensor> optimizer = new LinkedHashMap<>();
    st.forEach((name, values) -> {
      if (!weightNames.contains(name)) {
        optimizer.put(name, NamedTensor.ofFloats(shapes.get(name), values));
      }
    });
    JsonObject ts = trainerState == null ? null : new Gson().toJsonTree(trainerState).getAsJsonObject();
    SaeCheckpoints.write(model(provenance), dir, optimizer, ts);
  }

  /**
   * Restores the whole state (weights, optimizer, dead-feature counters) from a checkpoint written
   * by {@link #saveCheckpoint}; returns its trainer state (empty if none). The checkpoint must be of
   * the same variant and sizes; other settings (e.g. the learning rate) may differ.
   *
   * @throws CheckpointException naming the folder and what does not fit
   */
  public Map<String, Object> restore(Path dir) {
    Checkpoint cp = CheckpointStore.read(dir);
    SaeModel saved = SaeCheckpoints.fromFolder(cp);
    SaeSpec s = saved.spec();
    if (s.variant() != spec.variant() || s.dIn() != spec.dIn() || s.dSae() != spec.dSae()) {
      throw new CheckpointException(dir + ": holds a " + s.variant() + " SAE " + s.dIn() + "x" + s.dSae()
          + "; this run trains a " + spec.variant() + " SAE " + spec.dIn() + "x" + spec.dSae());
    }
    Map<String, long[]> shapes = stateShapes();
    Map<String, float[]> st = new LinkedHashMap<>();
    for (String name : shapes.keySet()) {
      NamedTensor t = cp.weights().containsKey(name) ? cp.weights().get(name) : cp.optimizerState().get(name);
      if (t == null) {
        throw new CheckpointException(cp.dir() + ": no '" + name + "' to resume from (found weights "
            + cp.weights().keySet() + ", optimizer state " + cp.optimizerState().keySet() + ")");
      }
      if (!Arrays.equals(t.shape(), shapes.get(name))) {
        throw new CheckpointException(cp.dir() + ": '" + name + "' has shape " + Arrays.toString(t.shape())
            + ", this run needs " + Arrays.toString(shapes.get(name)));
      }
      st.put(name, t.toFloats());
    }
    loadState(st);
    return saved.provenance().trainingState();
  }

  /** Names of the trained parameters, in gradient order. */
  List<String> trainableNames() {
    return g.trainable;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  private Map<String, float[]> initialState(SparseAutoencoder sae, SaeWeights init) {
    Map<String, long[]> expected = SaeWeights.expectedShapes(spec);
    for (String name : expected.keySet()) {
      if (init.has(name) && !Arrays.equals(init.shape(name), expected.get(name))) {
        throw new VistaException(
            "initial weight '" + name + "' has shape " + Arrays.toString(init.shape(name))
                + ", the spec needs " + Arrays.toString(expected.get(name)));
      }
    }
    Map<String, float[]> st = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : g.vars.shapes().entrySet()) {
      String name = e.getKey();
      st.put(name, init.has(name) ? init.get(name) : new float[(int) Tensors.numel(e.getValue())]);
    }
    return st;
  }

  private void checkBatch(Tensor x) {
    Shape s = x.shape();
    if (s.numDimensions() != 2 || s.get(1) != spec.dIn() || s.get(0) < 1) {
      throw new VistaException(
          "SAE batch has shape " + s + ", expected [rows >= 1, " + spec.dIn() + "]");
    }
  }
}
