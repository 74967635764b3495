package io.vista.core.train;

import io.vista.core.CheckpointException;
import io.vista.core.internal.io.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a run's two checkpoints, {@code last/} (after every epoch, with what resuming needs) and
 * {@code best/} (lowest validation loss), as Lightning's ModelCheckpoint(monitor="val/loss") and
 * save_last do. Every write is atomic (see {@link CheckpointStore}).
 */
public final class CheckpointManager {
  /** Where a run stands; saved as trainer_state.json beside the weights. */
  public record TrainerState(int epoch, long globalStep, double bestValLoss, Map<String, Double> lastValidation) {
    /** The entries of {@code trainer_state.json}; an infinite best loss (none yet) is left out. */
    public Map<String, Object> toMap() {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("epoch", epoch);
      o.put("global_step", globalStep);
      if (Double.isFinite(bestValLoss)) {
        o.put("best_val_loss", bestValLoss);
      }
      Map<String, Double> val = new LinkedHashMap<>();
      lastValidation.forEach((k, v) -> {
        if (Double.isFinite(v)) {
          val.put(k, v);
        }
      });
      o.put("last_validation", val);
      return o;
    }

    static TrainerState fromMap(Path dir, Map<String, Object> o) {
      if (!(o.get("epoch") instanceof Number epoch) || !(o.get("global_step") instanceof Number step)) {
        throw new CheckpointException(dir.resolve(CheckpointStore.TRAINER_STATE_FILE)
            + ": needs numeric 'epoch' and 'global_step' to resume (found " + o.keySet() + ")");
      }
      double best = o.get("best_val_loss") instanceof Number b ? b.doubleValue() : Double.POSITIVE_INFINITY;
      return new TrainerState(epoch.intValue(), step.longValue(), best, Map.of());
    }
  }

  private final Path lastDir;
  private final Path bestDir;

  /** The checkpoints {@code last/} and {@code best/} of the run directory {@code runDir}. */
  public CheckpointManager(Path runDir) {
    this.lastDir = runDir.resolve("last");
    this.bestDir = runDir.resolve("best");
  }

  /** {@code <run>/last}. */
  public Path lastDir() {
    return lastDir;
  }

  /** {@code <run>/best}. */
  public Path bestDir() {
    return bestDir;
  }

  /** Writes {@code last/} (atomic). */
  public void saveLast(TrainTask task, TrainerState state) {
    task.saveCheckpoint(lastDir, state.toMap());
  }

  /** Writes {@code best/} (atomic). */
  public void saveBest(TrainTask task, TrainerState state) {
    task.saveCheckpoint(bestDir, state.toMap());
  }

  /**
   * Restores {@code task} from {@code last/} when the run has a resumable one, and says where the
   * run stood; empty when there is nothing to resume from.
   */
  public Optional<Resumed> resume(TrainTask task) {
    if (!CheckpointStore.isCheckpointDir(lastDir) && !Files.isDirectory(lastDir)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(lastDir.resolve(CheckpointStore.TRAINER_STATE_FILE))) {
      return Optional.empty();
    }
    Map<String, Object> state = task.restore(lastDir);
    return Optional.of(new Resumed(TrainerState.fromMap(lastDir, state)));
  }

  /** Where a resumed run stands. */
  public record Resumed(TrainerState state) {}
}
