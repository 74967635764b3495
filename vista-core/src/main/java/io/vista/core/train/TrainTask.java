package io.vista.core.train;

import io.vista.core.data.Batch;
import io.vista.core.data.Pooling;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the shared {@link Trainer} loop needs from one kind of model (an SAE variant, the linear
 * probe): a training step, a validation accumulator, and checkpoint contents. Metric names carry
 * no {@code train/}/{@code val/} prefix; the loop adds it.
 */
public interface TrainTask extends AutoCloseable {
  /** How batches are shaped: token rows for SAEs, mean-pooled samples for probes. */
  Pooling pooling();

  /**
   * Whether {@link #trainStep} takes float16 batches ({@link Batch#isFloat16()}) as they are; the
   * trainer then asks the loader not to convert float16 files to float32 (less work on the loader
   * thread, which competes with TensorFlow for the cores).
   */
  default boolean acceptsFloat16() {
    return false;
  }

  /** Label keys each batch must carry (empty for SAEs). */
  List<String> labelKeys();

  /** Names of the metrics {@link #trainStep} returns, in column order. */
  List<String> trainMetricNames();

  /** Names of the metrics a finished {@link Validation} returns, in column order. */
  List<String> validationMetricNames();

  /** One optimisation step on a batch; returns its metrics, {@code loss} among them. */
  Map<String, Double> trainStep(Batch batch);

  /** A fresh accumulator for one pass over the validation split. */
  Validation startValidation();

  /** The short status shown in the progress bar. */
  String progressStatus(Map<String, Double> trainMetrics);

  /**
   * Writes a checkpoint folder (atomic) holding everything to rebuild the model and continue
   * training, with {@code trainerState} as its {@code trainer_state.json}.
   */
  void saveCheckpoint(Path dir, Map<String, Object> trainerState);

  /**
   * Restores weights and optimizer state from a checkpoint written by {@link #saveCheckpoint};
   * returns its trainer state.
   */
  Map<String, Object> restore(Path dir);

  /** Called once after the last epoch, e.g. to write a report into the run directory. */
  default void finish(Path runDir, Validation.Result lastValidation) {}

  @Override
  void close();

  /** Accumulates metrics over the validation batches of one epoch. */
  interface Validation {
    void add(Batch batch);

    Result result();

    /** Scalar metrics plus an optional structured report (e.g. confusion matrices). */
    record Result(Map<String, Double> metrics, Object details) {}
  }
}
