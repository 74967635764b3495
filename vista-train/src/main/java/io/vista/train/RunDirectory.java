package io.vista.train;

import io.vista.core.VistaException;
import io.vista.core.internal.io.AtomicFiles;
import io.vista.train.config.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run directory ({@code hydra.run.dir}): everything a run writes goes here. The resolved
 * configuration is saved as {@code config.yaml} (with the {@code hydra} section, so the run
 * directory and group choices are on record) and the command-line overrides as
 * {@code overrides.yaml}, as Hydra's {@code .hydra/} folder holds them.
 */
final class RunDirectory {
  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  static RunDirectory create(RunConfig cfg) {
    Path dir = cfg.runDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VistaException("hydra.run.dir=" + dir + ": cannot create the run directory: " + e.getMessage(), e);
    }
    RunDirectory rd = new RunDirectory(dir);
    writeAtomically(rd.configFile(), cfg.raw().toYaml(true));
    StringBuilder ov = new StringBuilder();
    for (String o : cfg.raw().overrides()) {
      ov.append("- ").append(quote(o)).append('\n');
    }
    writeAtomically(dir.resolve("overrides.yaml"), ov.length() == 0 ? "[]\n" : ov.toString());
    return rd;
  }

  Path path() {
    return path;
  }

  Path configFile() {
    return path.resolve("config.yaml");
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static void writeAtomically(Path target, String text) {
    AtomicFiles.writeString(target, text);
  }
}
