package io.vista.train.checkpoint;

import com.google.gson.JsonObject;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.train.loop.CheckpointContents;
import java.nio.file.Files;
import java.nio.file.Path;
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
    JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("epoch", epoch);
      o.addProperty("global_step", globalStep);
      if (Double.isFinite(bestValLoss)) {
        o.addProperty("best_val_loss", bestValLoss);
      }
      JsonObject val = new JsonObject();
      lastValidation.forEach(val::addProperty);
      o.add("last_validation", val);
      return o;
    }

    static TrainerState fromJson(JsonObject o) {
      double best = o.has("best_val_loss") ? o.get("best_val_loss").getAsDouble() : Double.POSITIVE_INFINITY;
      return new TrainerState(o.get("epoch").getAsInt(), o.get("global_step").getAsLong(), best, Map.of());
    }
  }

  private final Path lastDir;
  private final Path bestDir;

  public CheckpointManager(Path runDir) {
    this.lastDir = runDir.resolve("last");
    this.bestDir = runDir.resolve("best");
  }

  public Path lastDir() {
    return lastDir;
  }

  public Path bestDir() {
    return bestDir;
  }

  public void saveLast(CheckpointContents contents, TrainerState state) {
    CheckpointStore.write(lastDir, contents.cfg(), contents.weights(), contents.optimizerState(), state.toJson());
  }

  public void saveBest(CheckpointContents contents, TrainerState state) {
    CheckpointStore.write(bestDir, contents.cfg(), contents.weights(), contents.optimizerState(), state.toJson());
  }

  /** The {@code last/} checkpoint and its trainer state, when the run has one (for resuming). */
  public Optional<Resumed> loadLast() {
    if (!Files.isDirectory(lastDir) && !CheckpointStore.isCheckpointDir(lastDir)) {
      return Optional.empty();
    }
    Checkpoint cp = CheckpointStore.read(lastDir);
    if (cp.trainerState() == null) {
      return Optional.empty();
    }
    return Optional.of(new Resumed(cp, TrainerState.fromJson(cp.trainerState())));
  }

  /** A checkpoint to continue from. */
  public record Resumed(Checkpoint checkpoint, TrainerState state) {}
}
