package io.vista.train;

import io.vista.train.config.ConfigLoader;
import io.vista.train.config.ResolvedConfig;
import io.vista.train.config.RunConfig;
import io.vista.core.data.LatentFile;
import io.vista.train.log.MetricsCsv;
import io.vista.core.train.MetricsSink;
import io.vista.cli.ProgressDisplay;
import io.vista.cli.UsageException;
import io.vista.train.log.TensorBoardLogger;
import io.vista.core.train.TrainTask;
import io.vista.core.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Training: compose the config, prepare the run directory and data, build the task, run the loop. */
final class TrainCommand {
  private TrainCommand() {}

  static int run(List<String> argv, PrintStream out, PrintStream err) {
    Path configDir = null;
    boolean printJob = false;
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("--config-dir") || a.equals("-cd")) {
        configDir = Path.of(value(argv, ++i, a));
      } else if (a.startsWith("--config-dir=")) {
        configDir = Path.of(a.substring("--config-dir=".length()));
      } else if (a.equals("--cfg") || a.equals("-c")) {
        String what = value(argv, ++i, a);
        if (!what.equals("job")) {
          throw new UsageException("--cfg takes 'job' (got '" + what + "')");
        }
        printJob = true;
      } else if (a.equals("--cfg=job")) {
        printJob = true;
      } else if (a.startsWith("-") && !a.startsWith("--") || a.startsWith("--")) {
        throw new UsageException("unknown option '" + a + "'");
      } else {
        overrides.add(a);
      }
    }
    ConfigLoader loader = configDir == null ? ConfigLoader.bundled() : ConfigLoader.fromDirectory(configDir);
    ResolvedConfig resolved = loader.load("config", overrides);
    if (printJob) {
      out.print(resolved.toYaml());
      return 0;
    }
    RunConfig cfg = RunConfig.from(resolved);
    ProgressDisplay progress = new ProgressDisplay(out, err,
        ProgressDisplay.detect(cfg.logging().quiet(), cfg.logging().progress()));
    RunDirectory runDir = RunDirectory.create(cfg);
    if (!cfg.logging().quiet()) {
      out.println("# resolved configuration (saved to " + runDir.configFile() + ")");
      out.print(resolved.toYaml());
    }
    Accelerator.check(cfg.trainer(), progress);
    Path data = DataPreparation.dataFile(cfg, progress);
    Trainer.Settings settings = new Trainer.Settings(cfg.trainer().maxEpochs(), cfg.trainer().checkValEveryNEpoch(),
        cfg.trainer().logEveryNSteps(), cfg.trainer().resume(), cfg.data().batchSize(),
        cfg.data().shuffleBufferChunks(), cfg.data().prefetchBatches(), cfg.seed(), cfg.data().featureKey(),
        TaskFactory.inputDim(cfg));
    try (LatentFile file = LatentFile.open(data); TrainTask task = TaskFactory.create(cfg, resolved, file, progress)) {
      List<MetricsSink> sinks = new ArrayList<>();
      try {
        if (cfg.logging().csv()) {
          sinks.add(new MetricsCsv(runDir.path().resolve("metrics.csv"), Trainer.columns(task), cfg.trainer().resume()));
        }
        if (cfg.logging().tensorboard()) {
          sinks.add(new TensorBoardLogger(runDir.path().resolve("tensorboard")));
        }
        Trainer trainer = new Trainer(settings, runDir.path(), sinks, progress);
        Trainer.Summary summary = trainer.fit(task, file);
        progress.info(String.format(Locale.ROOT, "done: %d epochs, %d steps; best val/loss %.6g; checkpoints in %s",
            summary.epochs(), summary.steps(), summary.bestValLoss(), runDir.path()));
        if (cfg.logging().quiet()) {
          // CI still wants one line saying where the results are.
          out.println("vista-train: done; run directory " + runDir.path());
        }
      } finally {
        for (MetricsSink s : sinks) {
          s.close();
        }
      }
    }
    return 0;
  }

  private static String value(List<String> argv, int i, String option) {
    if (i >= argv.size()) {
      throw new UsageException(option + " needs a value");
    }
    return argv.get(i);
  }
}
