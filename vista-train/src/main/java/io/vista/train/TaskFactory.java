package io.vista.train;

import io.vista.train.config.ProbeModuleConfig;
import io.vista.train.config.ResolvedConfig;
import io.vista.train.config.RunConfig;
import io.vista.train.config.SaeModuleConfig;
import io.vista.core.data.LatentFile;
import io.vista.core.LearningRateSchedule;
import io.vista.core.probe.ProbeSpec;
import io.vista.core.train.TrainOptions;
import io.vista.core.train.TrainTask;
import io.vista.core.Progress;
import io.vista.core.train.ProbeTask;
import io.vista.core.train.SaeTask;

/** Builds the task a run configuration asks for: an SAE variant or the linear probe. */
final class TaskFactory {
  private TaskFactory() {}

  static int inputDim(RunConfig cfg) {
    return cfg.module() instanceof SaeModuleConfig s ? s.inputSize() : ((ProbeModuleConfig) cfg.module()).inputDim();
  }

  static TrainTask create(RunConfig cfg, ResolvedConfig resolved, LatentFile data, Progress progress) {
    TrainOptions options = new TrainOptions(cfg.trainer().intraOpThreads(), cfg.trainer().interOpThreads(),
        schedule(cfg, data), cfg.seed());
    if (cfg.module() instanceof SaeModuleConfig m) {
      return new SaeTask(m.spec(), options, ConfigJson.of(resolved));
    }
    ProbeModuleConfig m = (ProbeModuleConfig) cfg.module();
    ProbeSpec spec = ProbeSpec.fairFace(m.inputDim(), m.ageClasses(), m.genderClasses(), m.raceClasses(),
        m.learningRate());
    return ProbeTask.create(spec, data, cfg.data().featureKey(), cfg.data().returnLabels(), options, progress,
        ConfigJson.of(resolved));
  }

  /** trainer.lr_warmup_steps / lr_decay / lr_min_ratio over the run's optimizer steps. */
  static LearningRateSchedule schedule(RunConfig cfg, LatentFile data) {
    long samples = data.split("training", cfg.data().featureKey()).numSamples();
    long stepsPerEpoch = (samples + cfg.data().batchSize() - 1) / cfg.data().batchSize();
    return new LearningRateSchedule(cfg.trainer().lrWarmupSteps(), cfg.trainer().lrDecay(),
        cfg.trainer().lrMinRatio(), stepsPerEpoch * cfg.trainer().maxEpochs());
  }

}
