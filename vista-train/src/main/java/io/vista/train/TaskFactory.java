package io.vista.train;

import io.vista.train.config.ProbeModuleConfig;
import io.vista.train.config.ResolvedConfig;
import io.vista.train.config.RunConfig;
import io.vista.train.config.SaeModuleConfig;
import io.vista.core.data.LatentFile;
import io.vista.core.train.LearningRateSchedule;
import io.vista.core.sae.SaeSpec;
import io.vista.cli.ProgressDisplay;
import io.vista.train.loop.TrainTask;
import io.vista.train.probe.ProbeTask;
import io.vista.train.sae.SaeTask;

/** Builds the task a run configuration asks for: an SAE variant or the linear probe. */
final class TaskFactory {
  private TaskFactory() {}

  static int inputDim(RunConfig cfg) {
    return cfg.module() instanceof SaeModuleConfig s ? s.inputSize() : ((ProbeModuleConfig) cfg.module()).inputDim();
  }

  static TrainTask create(RunConfig cfg, ResolvedConfig resolved, LatentFile data, ProgressDisplay progress) {
    int intra = cfg.trainer().intraOpThreads();
    int inter = cfg.trainer().interOpThreads();
    LearningRateSchedule schedule = schedule(cfg, data);
    if (cfg.module() instanceof SaeModuleConfig m) {
      return new SaeTask(saeSpec(m), cfg.seed(), intra, inter, schedule, ConfigJson.of(resolved));
    }
    return ProbeTask.create((ProbeModuleConfig) cfg.module(), cfg, data, progress, schedule, ConfigJson.of(resolved));
  }

  /** trainer.lr_warmup_steps / lr_decay / lr_min_ratio over the run's optimizer steps. */
  static LearningRateSchedule schedule(RunConfig cfg, LatentFile data) {
    long samples = data.split("training", cfg.data().featureKey()).numSamples();
    long stepsPerEpoch = (samples + cfg.data().batchSize() - 1) / cfg.data().batchSize();
    return new LearningRateSchedule(cfg.trainer().lrWarmupSteps(), cfg.trainer().lrDecay(),
        cfg.trainer().lrMinRatio(), stepsPerEpoch * cfg.trainer().maxEpochs());
  }

  static SaeSpec saeSpec(SaeModuleConfig m) {
    return SaeSpec.builder(m.variant(), m.inputSize(), m.hiddenSize())
        .topK(m.topK())
        .topKAux(m.topKAux())
        .auxPenalty(m.auxPenalty())
        .nBatchesToDead(m.nBatchesToDead())
        .l1Coeff(m.l1Coeff())
        .l0Coeff(m.l0Coeff())
        .bandwidth(m.bandwidth())
        .inference(m.inference())
        .thresholdMomentum(m.thresholdMomentum())
        .learningRate(m.learningRate())
        .sparseDecoder(m.sparseDecoder())
        .build();
  }
}
