package io.vista.train;

import com.google.gson.Gson;
import io.vista.train.config.ResolvedConfig;

/** The resolved run configuration as JSON, to be embedded in checkpoints' cfg.json. */
final class ConfigJson {
  private ConfigJson() {}

  static String of(ResolvedConfig resolved) {
    return new Gson().toJson(resolved.asMap());
  }
}
