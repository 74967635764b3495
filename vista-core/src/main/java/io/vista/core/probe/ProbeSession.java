package io.vista.core.probe;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.vista.core.CheckpointException;
import io.vista.core.Provenance;
import io.vista.core.VistaException;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.NamedTensor;
import java.nio.file.Path;
import io.vista.core.internal.graph.Adam;
import io.vista.core.LearningRateSchedule;
import io.vista.core.internal.graph.VariableSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A linear probe in its own graph and session, trained with Adam (torch's formula). One graph per
 * trained object: nothing else (in particular no frozen SAE) can be updated by its optimizer,
 * and the trained variables are listed explicitly.
 *
 * <p>Heads are built only for the {@code activeTasks} (those whose labels the data has); every
 * head's weights exist and are checkpointed.
 */
public final class ProbeSession implements AutoCloseable {
  private static final String STEP = "adam/step";

  private final ProbeSpec spec;
  private final List<String> activeTasks;
  private final Graph graph = new Graph();
  private final Session session;
  private final VariableSet vars = new VariableSet();
  private final LinearProbeGraph.Operands ops;
  private final List<Op> trainTargets = new ArrayList<>();
  private final Map<String, Operand<TFloat32>> gradients = new LinkedHashMap<>();
  private final Operand<TFloat32> gradNorm;

  /** Per-task loss and predictions of one evaluated batch. */
  public record Evaluation(Map<String, Double> losses, Map<String, long[]> predictions) {}

  public ProbeSession(ProbeSpec spec, Map<String, float[]> init, Set<String> activeTasks,
                      int intraOpThreads, int interOpThreads) {
    this(spec, init, activeTasks, intraOpThreads, interOpThreads, LearningRateSchedule.CONSTANT);
  }

  /** As above, with the learning rate following {@code schedule} over the optimizer steps. */
  public ProbeSession(ProbeSpec spec, Map<String, float[]> init, Set<String> activeTasks,
                      int intraOpThreads, int interOpThreads, LearningRateSchedule schedule) {
    this.spec = spec;
    this.activeTasks = spec.taskClasses().keySet().stream().filter(activeTasks::contains).toList();
    if (this.activeTasks.isEmpty()) {
      throw new VistaException("none of the probe tasks " + spec.taskClasses().keySet() + " has labels");
    }
    Ops tf = Ops.create(graph);
    List<String> params = new ArrayList<>();
    spec.taskClasses().forEach((task, classes) -> {
      vars.add(tf, ProbeWeights.weightName(task), classes, spec.inputDim());
      vars.add(tf, ProbeWeights.biasName(task), classes);
      params.add(ProbeWeights.weightName(task));
      params.add(ProbeWeights.biasName(task));
    });
    for (String p : params) {
      vars.add(tf, "adam/m/" + p, vars.shape(p));
      vars.add(tf, "adam/v/" + p, vars.shape(p));
    }
    vars.add(tf, STEP);

    Map<String, Operand<TFloat32>> w = new LinkedHashMap<>();
    Map<String, Operand<TFloat32>> b = new LinkedHashMap<>();
    Map<String, Operand<TFloat32>> reads = new LinkedHashMap<>();
    for (String task : this.activeTasks) {
      Operand<TFloat32> wr = vars.read(tf, ProbeWeights.weightName(task));
      Operand<TFloat32> br = vars.read(tf, ProbeWeights.biasName(task));
      w.put(task, wr);
      b.put(task, br);
      reads.put(ProbeWeights.weightName(task), wr);
      reads.put(ProbeWeights.biasName(task), br);
    }
    ops = LinearProbeGraph.build(tf, spec, w, b);

    // Gradients of the summed loss w.r.t. the trained heads only.
    List<Operand<?>> xs = new ArrayList<>(reads.values());
    var grads = tf.gradients(ops.totalLoss(), xs);
    int i = 0;
    Operand<TFloat32> squares = tf.constant(0f);
    for (String name : reads.keySet()) {
      Operand<TFloat32> g = grads.dy(i++);
      gradients.put(name, g);
      squares = tf.math.add(squares, tf.sum(tf.math.square(g), tf.range(tf.constant(0), tf.rank(g), tf.constant(1))));
    }
    // The Python ProbeModule.on_after_backward logs the L2 norm over all parameter gradients.
    gradNorm = tf.math.sqrt(squares);
    Adam.Settings adam = Adam.Settings.withLearningRate(spec.learningRate());
    Operand<TFloat32> step = tf.math.add(vars.read(tf, STEP), tf.constant(1f));
    Adam.StepScalars scalars = Adam.stepScalars(tf, adam, step, schedule);
    for (Map.Entry<String, Operand<TFloat32>> e : gradients.entrySet()) {
      String name = e.getKey();
      Adam.Update u = Adam.update(tf, adam, scalars, reads.get(name), e.getValue(),
          vars.read(tf, "adam/m/" + name), vars.read(tf, "adam/v/" + name));
      trainTargets.add(vars.assign(tf, name, u.param()));
      trainTargets.add(vars.assign(tf, "adam/m/" + name, u.m()));
      trainTargets.add(vars.assign(tf, "adam/v/" + name, u.v()));
    }
    trainTargets.add(vars.assign(tf, STEP, step));

    session = new Session(graph, sessionConfig(intraOpThreads, interOpThreads));
    Map<String, float[]> state = new LinkedHashMap<>(init);
    for (String p : params) {
      state.putIfAbsent("adam/m/" + p, new float[init.get(p).length]);
      state.putIfAbsent("adam/v/" + p, new float[init.get(p).length]);
    }
    state.putIfAbsent(STEP, new float[1]);
    vars.load(session, state);
  }

  static ConfigProto sessionConfig(int intraOp, int interOp) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(Math.max(0, intraOp))
        .setInterOpParallelismThreads(Math.max(0, interOp))
        .build();
  }

  public ProbeSpec spec() {
    return spec;
  }

  /** Tasks trained (those with labels), in head order. */
  public List<String> activeTasks() {
    return activeTasks;
  }

  /**
   * One Adam step on a batch; returns {@code loss}, {@code <task>_loss} (before the update) and
   * {@code grad_norm}, the L2 norm of all gradients (as the Python logs {@code train/grad_norm}).
   */
  public Map<String, Double> trainStep(TFloat32 x, Map<String, long[]> labels) {
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner r = feed(x, labels, fed);
      r.fetch(ops.totalLoss());
      activeTasks.forEach(t -> r.fetch(ops.heads().get(t).loss()));
      r.fetch(gradNorm);
      trainTargets.forEach(r::addTarget);
      try (Result res = r.run()) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", (double) ((TFloat32) res.get(0)).getFloat());
        for (int i = 0; i < activeTasks.size(); i++) {
          out.put(activeTasks.get(i) + "_loss", (double) ((TFloat32) res.get(i + 1)).getFloat());
        }
        out.put("grad_norm", (double) ((TFloat32) res.get(activeTasks.size() + 1)).getFloat());
        return out;
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  /** Per-task mean loss and arg-max predictions of a batch; changes nothing. */
  public Evaluation evaluate(TFloat32 x, Map<String, long[]> labels) {
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner r = feed(x, labels, fed);
      for (String t : activeTasks) {
        r.fetch(ops.heads().get(t).loss()).fetch(ops.heads().get(t).predictions());
      }
      try (Result res = r.run()) {
        Map<String, Double> losses = new LinkedHashMap<>();
        Map<String, long[]> preds = new LinkedHashMap<>();
        for (int i = 0; i < activeTasks.size(); i++) {
          losses.put(activeTasks.get(i), (double) ((TFloat32) res.get(2 * i)).getFloat());
          TInt64 p = (TInt64) res.get(2 * i + 1);
          long[] arr = new long[(int) p.size()];
          p.copyTo(DataBuffers.of(arr, false, false));
          preds.put(activeTasks.get(i), arr);
        }
        return new Evaluation(losses, preds);
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  /** Raw gradients of the summed loss (for tests against an independent computation). */
  Map<String, float[]> gradients(TFloat32 x, Map<String, long[]> labels) {
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner r = feed(x, labels, fed);
      gradients.values().forEach(r::fetch);
      try (Result res = r.run()) {
        Map<String, float[]> out = new LinkedHashMap<>();
        int i = 0;
        for (String name : gradients.keySet()) {
          out.put(name, io.vista.core.internal.graph.Tensors.toArray(res.get(i++)));
        }
        return out;
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  private Session.Runner feed(TFloat32 x, Map<String, long[]> labels, List<Tensor> fed) {
    Session.Runner r = session.runner().feed(ops.x(), x);
    for (String t : activeTasks) {
      long[] y = labels.get(t);
      if (y == null) {
        throw new VistaException("batch has no '" + t + "' labels");
      }
      TInt64 yt = TInt64.tensorOf(Shape.of(y.length), DataBuffers.of(y, true, false));
      fed.add(yt);
      r.feed(ops.heads().get(t).labels(), yt);
    }
    return r;
  }

  /** Every variable: head weights and biases, Adam moments and step. */
  public Map<String, float[]> state() {
    return vars.fetch(session);
  }

  public Map<String, long[]> stateShapes() {
    return vars.shapes();
  }

  /** Restores a state returned by {@link #state()} (missing Adam slots start at zero). */
  public void loadState(Map<String, float[]> state) {
    Map<String, float[]> full = new LinkedHashMap<>();
    vars.shapes().forEach((name, shape) -> {
      float[] v = state.get(name);
      if (v == null && (name.startsWith("adam/"))) {
        v = new float[(int) io.vista.core.internal.graph.Tensors.numel(shape)];
      }
      if (v == null) {
        throw new VistaException("probe state has no '" + name + "'");
      }
      full.put(name, v);
    });
    vars.load(session, full);
  }

  /** The current heads as an immutable model carrying {@code provenance}. */
  public ProbeModel model(Provenance provenance) {
    Map<String, float[]> st = state();
    Map<String, float[]> w = new LinkedHashMap<>();
    st.forEach((name, v) -> {
      if (!name.startsWith("adam/")) {
        w.put(name, v);
      }
    });
    return ProbeModel.of(spec, activeTasks, w, provenance);
  }

  /**
   * Writes a checkpoint training can resume from, atomically: the model as {@link ProbeModel#save}
   * writes it plus {@code optimizer.safetensors} (Adam moments and step) and {@code
   * trainer_state.json} (if given).
   */
  public void saveCheckpoint(Path dir, Provenance provenance, Map<String, ?> trainerState) {
    Map<String, float[]> st = state();
    Map<String, long[]> shapes = stateShapes();
    Map<String, NamedTensor> optimizer = new LinkedHashMap<>();
    st.forEach((name, v) -> {
      if (name.startsWith("adam/")) {
        optimizer.put(name, NamedTensor.ofFloats(shapes.get(name), v));
      }
    });
    JsonObject ts = trainerState == null ? null : new Gson().toJsonTree(trainerState).getAsJsonObject();
    ProbeCheckpoints.write(model(provenance), dir, optimizer, ts);
  }

  /**
   * Restores the heads and Adam state from a checkpoint written by {@link #saveCheckpoint} (or by
   * an earlier release, whose tensors are named {@code <task>.weight}); returns its trainer state.
   */
  public Map<String, Object> restore(Path dir) {
    Checkpoint cp = CheckpointStore.read(dir);
    ProbeModel saved = ProbeCheckpoints.fromFolder(cp);
    if (saved.spec().inputDim() != spec.inputDim() || !saved.spec().taskClasses().equals(spec.taskClasses())) {
      throw new CheckpointException(dir + ": holds a probe over " + saved.spec().inputDim() + " inputs with classes "
          + saved.spec().taskClasses() + "; this run trains " + spec.inputDim() + " inputs with " + spec.taskClasses());
    }
    Map<String, float[]> state = new LinkedHashMap<>(saved.weights());
    cp.optimizerState().forEach((name, t) -> {
      String mapped = name.replaceAll("^(adam/[mv]/)(age|gender|race)\\.(weight|bias)$", "$1$2_classifier.$3");
      if (stateShapes().containsKey(mapped)) {
        state.put(mapped, t.toFloats());
      }
    });
    loadState(state);
    return saved.provenance().trainingState();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
