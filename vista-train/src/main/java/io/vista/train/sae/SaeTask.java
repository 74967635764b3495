package io.vista.train.sae;

import com.google.gson.JsonObject;
import io.vista.core.data.Batch;
import io.vista.core.data.Pooling;
import io.vista.core.train.LearningRateSchedule;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import io.vista.core.sae.StepMetrics;
import java.util.LinkedHashMap;
import io.vista.train.loop.CheckpointContents;
import io.vista.train.loop.TrainTask;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;

/**
 * Trains one SAE variant: token rows in, the Python SAEModule's metrics out
 * ({@code loss, l2_loss, sparsity_loss, aux_loss, l0_norm, num_dead_features}; validation adds
 * {@code cosine_sim} and {@code explained_variance}).
 */
public final class SaeTask implements TrainTask {
  static final List<String> TRAIN_METRICS =
      List.of("loss", "l2_loss", "sparsity_loss", "aux_loss", "l0_norm", "num_dead_features", "grad_norm");
  static final List<String> VAL_METRICS = List.of("loss", "l2_loss", "sparsity_loss", "aux_loss", "l0_norm",
      "num_dead_features", "cosine_sim", "explained_variance");

  private final SaeSpec spec;
  private final SaeSession session;
  private final SaeCheckpointFormat format;

  public SaeTask(SaeSpec spec, long seed, int intraOpThreads, int interOpThreads, LearningRateSchedule schedule,
                 JsonObject resolvedConfig) {
    this.spec = spec;
    this.session = new SaeSession(spec, SaeWeights.initialize(spec, seed), intraOpThreads, interOpThreads, schedule);
    this.format = new SaeCheckpointFormat(spec, resolvedConfig);
  }

  public SaeSession session() {
    return session;
  }

  @Override
  public Pooling pooling() {
    return Pooling.FLATTEN_TOKENS;
  }

  @Override
  public List<String> labelKeys() {
    return List.of();
  }

  @Override
  public List<String> trainMetricNames() {
    return TRAIN_METRICS;
  }

  @Override
  public List<String> validationMetricNames() {
    return VAL_METRICS;
  }

  @Override
  public Map<String, Double> trainStep(Batch batch) {
    StepMetrics m;
    if (batch.isFloat16()) {
      try (TFloat16 x = toFloat16Tensor(batch)) {
        m = session.trainStep(x);
      }
    } else {
      try (TFloat32 x = toTensor(batch)) {
        m = session.trainStep(x);
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("loss", (double) m.loss());
    out.put("l2_loss", (double) m.l2Loss());
    out.put("sparsity_loss", (double) m.sparsityLoss());
    out.put("aux_loss", (double) m.auxLoss());
    out.put("l0_norm", (double) m.l0());
    out.put("num_dead_features", (double) m.numDead());
    out.put("grad_norm", (double) m.gradNorm());
    return out;
  }

  @Override
  public Validation startValidation() {
    return new SaeValidation(session, spec.dIn());
  }

  @Override
  public String progressStatus(Map<String, Double> m) {
    if (m.isEmpty()) {
      return "";
    }
    return String.format(Locale.ROOT, "loss %.5f l0 %.1f dead %d", m.get("loss"), m.get("l0_norm"),
        m.get("num_dead_features").longValue());
  }

  @Override
  public CheckpointContents checkpointContents() {
    return format.contents(session);
  }

  @Override
  public void restore(Checkpoint checkpoint) {
    format.restore(session, checkpoint);
  }

  @Override
  public void close() {
    session.close();
  }

  /** SAE training takes float16 batches as they are: the graph converts them. */
  @Override
  public boolean acceptsFloat16() {
    return true;
  }

  /** The batch's raw float16 bits as a [rows, d] float16 tensor (one bulk copy). */
  static TFloat16 toFloat16Tensor(Batch batch) {
    short[] bits = batch.float16();
    long n = (long) batch.rows() * batch.dim();
    return TFloat16.tensorOf(Shape.of(batch.rows(), batch.dim()),
        t -> t.asRawTensor().data().asShorts().write(bits, 0, (int) n));
  }

  static TFloat32 toTensor(Batch batch) {
    return TFloat32.tensorOf(Shape.of(batch.rows(), batch.dim()),
        DataBuffers.of(batch.features(), true, false).narrow(
            (long) batch.rows() * batch.dim()));
  }
}
