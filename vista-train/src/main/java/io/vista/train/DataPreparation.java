package io.vista.train;

import io.vista.train.config.DemoConfig;
import io.vista.train.config.RunConfig;
import io.vista.core.data.DataException;
import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.cli.ProgressDisplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HDF5 file a run trains on: {@code data.hdf5_path}, or, when that is null, the demo dataset
 * described by {@code data.demo}, generated once (its file name records every setting) and reused.
 */
final class DataPreparation {
  private DataPreparation() {}

  static Path dataFile(RunConfig cfg, ProgressDisplay progress) {
    if (cfg.data().hdf5Path() != null) {
      Path p = Path.of(cfg.data().hdf5Path());
      if (!Files.isRegularFile(p)) {
        throw new DataException(p + ": data.hdf5_path names no file");
      }
      return p;
    }
    DemoConfig demo = cfg.data().demo();
    Path p = Path.of(demo.path());
    if (Files.isRegularFile(p)) {
      progress.info("data.hdf5_path is null: using the demo dataset " + p);
      return p;
    }
    try {
      Path parent = p.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new DataException(p + ": cannot create the demo data folder: " + e.getMessage());
    }
    progress.info("data.hdf5_path is null: generating the demo dataset " + p);
    DemoGenerator.generate(spec(demo), p);
    return p;
  }

  static DemoSpec spec(DemoConfig demo) {
    try {
      return new DemoSpec(demo.trainSamples(), demo.validationSamples(), demo.tokens(), demo.inputSize(),
          demo.atoms(), demo.activePerToken(), demo.noiseStd(), demo.seed(), demo.intersectional(), demo.scale());
    } catch (IllegalArgumentException e) {
      throw new io.vista.train.config.ConfigException("data.demo: " + e.getMessage());
    }
  }
}
