package io.vista.train.config;

import io.vista.core.VistaException;

/** Bad configuration: unknown key, wrong type, unknown group option, invalid value. */
public class ConfigException extends VistaException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
