package io.vista.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.vista.train.config.ResolvedConfig;

/** The resolved run configuration as JSON, to be embedded in checkpoints' cfg.json. */
final class ConfigJson {
  private ConfigJson() {}

  static JsonObject of(ResolvedConfig resolved) {
    return new Gson().toJsonTree(resolved.asMap()).getAsJsonObject();
  }
}
