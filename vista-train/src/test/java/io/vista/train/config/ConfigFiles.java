package io.vista.train.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Test helpers: small config trees written to a temporary folder, a fixed clock, an empty environment. */
final class ConfigFiles {
  /** 2024-03-05 07:08:09.123456 UTC, a Tuesday. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T07:08:09.123456Z"), ZoneId.of("UTC"));

  private ConfigFiles() {}

  /** Writes {@code pathsAndTexts} (relative path, YAML text, ...) under {@code dir}. */
  static Path write(Path dir, String... pathsAndTexts) {
    try {
      for (int i = 0; i < pathsAndTexts.length; i += 2) {
        Path p = dir.resolve(pathsAndTexts[i]);
        Files.createDirectories(p.getParent());
        Files.writeString(p, pathsAndTexts[i + 1]);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loader over {@code dir} with no environment variables and {@link #CLOCK}. */
  static ConfigLoader loader(Path dir) {
    return ConfigLoader.fromDirectory(dir).withEnvironment(Map.of()).withClock(CLOCK);
  }

  /** The bundled configs with no environment variables and {@link #CLOCK}. */
  static ConfigLoader bundled() {
    return ConfigLoader.bundled().withEnvironment(Map.of()).withClock(CLOCK);
  }
}
