package io.vista.train;

import io.vista.core.VistaException;

/** A command line that cannot be understood; exit code 2. */
final class UsageException extends VistaException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
