package io.vista.eval;

/**
 * Where long-running steps report how far they are. {@link #NONE} ignores everything; the command line shows a
 * bar on a terminal, periodic lines otherwise, nothing with {@code --quiet}.
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

  /** A counted phase of {@code total} steps begins. */
  void start(String label, long total);

  /** {@code done} steps of the current phase are complete. */
  void step(long done);

  /** The current phase ended. */
  void finish(String summary);

  /** A one-line message. */
  void info(String line);
}
