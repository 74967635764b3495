package io.vista.core;

/**
 * Root of every error vista-java raises on purpose. Messages are one line and name the file,
 * key or value at fault, so a command-line front end can print {@link #getMessage()} and exit
 * non-zero without a stack trace.
 */
public class VistaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VistaException(String message) {
    super(message);
  }

  public VistaException(String message, Throwable cause) {
    super(message, cause);
  }
}
