package io.vista.core.train;

import io.vista.core.Provenance;
import io.vista.core.VistaException;
import io.vista.core.data.Batch;
import io.vista.core.internal.graph.Tensors;
import io.vista.core.sae.EvalMetrics;
import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import io.vista.core.sae.StepMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;

/**
 * Trains one SAE step by step from plain Java arrays or data-layer batches, exactly as the
 * vista-train command does (same graph, same Adam, same decoder projection); {@link #model()} takes
 * an immutable snapshot at any time.
 *
 * <pre>{@code
 * try (SaeTrainer t = SaeTrainer.create(SaeSpec.topK(768, 3072, 32), TrainOptions.defaults())) {
 *   for (float[][] batch : batches) t.step(batch);               // rows [n][768]
 *   SaeModel trained = t.model();
 *   t.saveCheckpoint(Path.of("ckpt"));                           // resumable: SaeTrainer.resume(...)
 * }
 * }</pre>
 *
 * <p>Owns a TensorFlow graph and session: close it. Not thread-safe.
 */
public final class SaeTrainer implements AutoCloseable {
  private final SaeSession session;
  private final TrainOptions options;
  private long steps;
  private String resolvedConfigJson = "";

  private SaeTrainer(SaeSession session, TrainOptions options, long steps) {
    this.session = session;
    this.options = options;
    this.steps = steps;
  }

  /** A fresh SAE: the Python initialisation from {@code options.seed()}, zero optimizer state. */
  public static SaeTrainer create(SaeSpec spec, TrainOptions options) {
    return startFrom(spec, SaeWeights.initialize(spec, options.seed()), options);
  }

  /** Training that starts from given weights (e.g. a loaded model's) with a fresh optimizer. */
  public static SaeTrainer startFrom(SaeSpec spec, SaeWeights weights, TrainOptions options) {
    return new SaeTrainer(new SaeSession(spec, weights, options.intraOpThreads(), options.interOpThreads(),
        options.schedule()), options, 0);
  }

  /**
   * Continues from a checkpoint written by {@link #saveCheckpoint}: weights, Adam state and the
   * dead-feature counters, exactly (the next step equals the one the original run would take).
   * Settings such as the learning rate come from {@code spec}; variant and sizes must match.
   */
  public static SaeTrainer resume(Path checkpoint, SaeSpec spec, TrainOptions options) {
    SaeTrainer t = startFrom(spec, SaeWeights.initialize(spec, options.seed()), options);
    try {
      t.restore(checkpoint);
      return t;
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
  }

  /**
   * Replaces the whole state by a checkpoint's (see {@link #resume}); returns its trainer state
   * ({@code trainer_state.json}, empty if none).
   */
  public Map<String, Object> restore(Path checkpoint) {
    Map<String, Object> state = session.restore(checkpoint);
    Object step = state.get("global_step");
    steps = step instanceof Number n ? n.longValue() : 0;
    return state;
  }

  /** The spec being trained. */
  public SaeSpec spec() {
    return session.spec();
  }

  /** The options this trainer runs with. */
  public TrainOptions options() {
    return options;
  }

  /** Optimizer steps taken (including those of a resumed checkpoint). */
  public long steps() {
    return steps;
  }

  /** Records the resolved run configuration (JSON) that snapshots and checkpoints carry. */
  public void setResolvedConfigJson(String json) {
    resolvedConfigJson = json == null ? "" : json;
  }

  /** One training step on rows [n][d]. */
  public StepMetrics step(float[][] rows) {
    int d = spec().dIn();
    if (rows.length == 0) {
      throw new VistaException("a training step needs at least one row");
    }
    float[] flat = new float[Math.multiplyExact(rows.length, d)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != d) {
        throw new VistaException("rows[" + i + "] has " + (rows[i] == null ? "no" : rows[i].length)
            + " values, expected " + d);
      }
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    try (TFloat32 x = Tensors.of(flat, rows.length, d)) {
      return step(x);
    }
  }

  /** One training step on a data-layer batch (float16 batches are converted inside the graph). */
  public StepMetrics step(Batch batch) {
    if (batch.isFloat16()) {
      try (TFloat16 x = float16Tensor(batch)) {
        StepMetrics m = session.trainStep(x);
        steps++;
        return m;
      }
    }
    try (TFloat32 x = float32Tensor(batch)) {
      return step(x);
    }
  }

  /** One training step on a [rows, d] tensor (not closed here). */
  public StepMetrics step(TFloat32 x) {
    StepMetrics m = session.trainStep(x);
    steps++;
    return m;
  }

  /** Forward-only metrics of a batch; changes nothing. */
  public EvalMetrics evaluate(Batch batch) {
    try (TFloat32 x = float32Tensor(batch)) {
      return session.evaluate(x);
    }
  }

  /** An immutable snapshot of the current weights, with the training state so far. */
  public SaeModel model() {
    return session.model(provenance());
  }

  /**
   * Writes a checkpoint {@link #resume} continues from (atomic; see {@link
   * SaeSession#saveCheckpoint}). {@code trainerState} adds entries to {@code trainer_state.json}
   * (epoch, best validation loss, ...); {@code global_step} is always recorded.
   */
  public void saveCheckpoint(Path dir, Map<String, ?> trainerState) {
    Map<String, Object> state = new LinkedHashMap<>();
    if (trainerState != null) {
      state.putAll(trainerState);
    }
    state.putIfAbsent("global_step", steps);
    session.saveCheckpoint(dir, provenance(), state);
  }

  /** {@link #saveCheckpoint(Path, Map)} with only the step count. */
  public void saveCheckpoint(Path dir) {
    saveCheckpoint(dir, null);
  }

  /** The TensorFlow-level session, for callers that feed tensors or read the raw state. */
  public SaeSession session() {
    return session;
  }

  @Override
  public void close() {
    session.close();
  }

  private Provenance provenance() {
    return new Provenance(Provenance.Format.IN_MEMORY, null, resolvedConfigJson,
        Map.of("global_step", steps), Map.of());
  }

  /** The batch's raw float16 bits as a [rows, d] float16 tensor (one bulk copy). */
  static TFloat16 float16Tensor(Batch batch) {
    short[] bits = batch.float16();
    long n = (long) batch.rows() * batch.dim();
    return TFloat16.tensorOf(Shape.of(batch.rows(), batch.dim()),
        t -> t.asRawTensor().data().asShorts().write(bits, 0, (int) n));
  }

  /** The batch's float32 features as a [rows, d] tensor. */
  static TFloat32 float32Tensor(Batch batch) {
    return TFloat32.tensorOf(Shape.of(batch.rows(), batch.dim()),
        DataBuffers.of(batch.features(), true, false).narrow((long) batch.rows() * batch.dim()));
  }
}
