package io.vista.eval.cli;

/** A bad command line: the CLI prints the message and exits with status 2. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A one-line message naming the option at fault. */
  public UsageException(String message) {
    super(message);
  }
}
