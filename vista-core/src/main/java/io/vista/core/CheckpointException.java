package io.vista.core;


/** A checkpoint that cannot be read or written. */
public class CheckpointException extends VistaException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
