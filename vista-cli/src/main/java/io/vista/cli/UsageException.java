package io.vista.cli;

import io.vista.core.VistaException;

/**
 * A command line that cannot be understood: an unknown option or command, a missing or malformed value. {@link
 * CommandLine} prints the message with a pointer to {@code --help} and exits with {@link CommandLine#USAGE} (2).
 * The message is one line naming the option or value at fault, e.g. {@code unknown option '--frobnicate'}.
 */
public class UsageException extends VistaException {
  private static final long serialVersionUID = 1L;

  /** A one-line message naming the option or value at fault. */
  public UsageException(String message) {
    super(message);
  }

  /** As {@link #UsageException(String)}, keeping the exception that revealed the problem. */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
