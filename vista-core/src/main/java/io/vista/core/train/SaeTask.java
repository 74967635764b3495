package io.vista.core.train;

import io.vista.core.data.Batch;
import io.vista.core.data.Pooling;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.StepMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SAE as a {@link TrainTask} of the shared {@link Trainer} loop: token rows in, the Python
 * SAEModule's metrics out ({@code loss, l2_loss, sparsity_loss, aux_loss, l0_norm,
 * num_dead_features, grad_norm}; validation adds {@code cosine_sim} and {@code
 * explained_variance}). The steps themselves are a {@link SaeTrainer}'s.
 */
public final class SaeTask implements TrainTask {
  static final List<String> TRAIN_METRICS =
      List.of("loss", "l2_loss", "sparsity_loss", "aux_loss", "l0_norm", "num_dead_features", "grad_norm");
  static final List<String> VAL_METRICS = List.of("loss", "l2_loss", "sparsity_loss", "aux_loss", "l0_norm",
      "num_dead_features", "cosine_sim", "explained_variance");

  private final SaeTrainer trainer;

  /**
   * A task training a fresh SAE of {@code spec}.
   *
   * @param resolvedConfigJson the run's resolved configuration, recorded in every checkpoint (may be empty)
   */
  public SaeTask(SaeSpec spec, TrainOptions options, String resolvedConfigJson) {
    this.trainer = SaeTrainer.create(spec, options);
    trainer.setResolvedConfigJson(resolvedConfigJson);
  }

  /** The trainer doing the steps. */
  public SaeTrainer trainer() {
    return trainer;
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
    StepMetrics m = trainer.step(batch);
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
    return new SaeValidation(trainer);
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
  public void saveCheckpoint(Path dir, Map<String, Object> trainerState) {
    trainer.saveCheckpoint(dir, trainerState);
  }

  @Override
  public Map<String, Object> restore(Path dir) {
    return trainer.restore(dir);
  }

  @Override
  public void close() {
    trainer.close();
  }

  /** SAE training takes float16 batches as they are: the graph converts them. */
  @Override
  public boolean acceptsFloat16() {
    return true;
  }
}
