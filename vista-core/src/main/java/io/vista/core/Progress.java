package io.vista.core;

/**
 * Where long-running work (training epochs, encoding a split, an analysis) reports how far it is:
 * counted phases ({@link #start}, {@link #step}, {@link #finish}) and one-line messages. The
 * command-line tools show it on the console; {@link #NONE} ignores everything (library callers
 * and tests). Every method has an empty default, so a caller implements only what it shows.
 */
public interface Progress {
  /** Reports nothing. */
  Progress NONE = new Progress() {};

  /** A counted phase of {@code total} steps begins (a total of 0 or less means unknown). */
  default void start(String label, long total) {}

  /** One more step of the phase is done; {@code status} is a short summary (loss, L0, ...). */
  default void step(String status) {}

  /** {@code done} steps of the current phase are complete. */
  default void step(long done) {}

  /** The current phase ended; {@code summary} says what it produced (may be empty). */
  default void finish(String summary) {}

  /** A one-line message. */
  default void info(String line) {}

  /** A one-line warning the user should see. */
  default void warn(String message) {}
}
