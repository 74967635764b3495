package io.vista.core.train;

/**
 * Where the training loop reports progress: a console display in the command-line tools, nothing
 * (see {@link #SILENT}) or the caller's own UI in a library user's program.
 */
public interface TrainingProgress {
  /** Reports nothing. */
  TrainingProgress SILENT = new TrainingProgress() {};

  /** A phase (an epoch) of {@code totalSteps} steps begins. */
  default void start(String label, long totalSteps) {}

  /** One step of the phase is done; {@code status} is a short summary (loss, L0, ...). */
  default void step(String status) {}

  /** The phase ended. */
  default void finish(String summary) {}

  /** A one-line note (resumed from ..., validation metrics). */
  default void info(String message) {}

  /** A one-line warning the user should see. */
  default void warn(String message) {}
}
