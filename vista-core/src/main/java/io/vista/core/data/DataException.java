package io.vista.core.data;

import io.vista.core.VistaException;

/** Bad or unreadable input data (HDF5 files, datasets, batches). */
public class DataException extends VistaException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
