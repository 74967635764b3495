package io.vista.cli;

/**
 * Where long-running work reports how far it is: counted phases ({@link #start}, {@link #step}, {@link #finish})
 * and one-line messages. Computations take this interface; {@link #NONE} ignores everything (library callers and
 * tests), {@link ProgressDisplay} shows it on the console.
 */
public interface Progress {
  /** Reports nothing. */
  Progress NONE = new Progress() {
    @Override
    public void start(String label, long total) {}

    @Override
    public void step(long done) {}

    @Override
    public void finish(String summary) {}

    @Override
    public void info(String line) {}
  };

  /** A counted phase of {@code total} steps begins (a total of 0 or less means unknown). */
  void start(String label, long total);

  /** {@code done} steps of the current phase are complete. */
  void step(long done);

  /** The current phase ended; {@code summary} says what it produced (may be empty). */
  void finish(String summary);

  /** A one-line message. */
  void info(String line);
}
