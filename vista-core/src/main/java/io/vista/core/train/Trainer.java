package io.vista.core.train;

import io.vista.core.Progress;
import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.BatchOptions;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.train.CheckpointManager.TrainerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one training loop, shared by every SAE variant and the probe: epochs over streamed training
 * batches, validation every {@code check_val_every_n_epoch}, metrics every
 * {@code log_every_n_steps}, {@code best/} and {@code last/} checkpoints, resume, and a stop with
 * a clear message when the loss stops being finite.
 */
public final class Trainer {
  /** The loop's settings, taken from the resolved run configuration. */
  public record Settings(
      int maxEpochs,
      int checkValEveryNEpoch,
      int logEveryNSteps,
      boolean resume,
      int batchSize,
      int shuffleBufferChunks,
      int prefetchBatches,
      long seed,
      String featureKey,
      int inputDim) {}

  /** What a finished run reports. */
  public record Summary(int epochs, long steps, Map<String, Double> lastValidation, double bestValLoss) {}

  private final Settings settings;
  private final Path runDir;
  private final List<MetricsSink> sinks;
  private final Progress progress;
  private final CheckpointManager checkpoints;

  public Trainer(Settings settings, Path runDir, List<MetricsSink> sinks, Progress progress) {
    this.settings = settings;
    this.runDir = runDir;
    this.sinks = List.copyOf(sinks);
    this.progress = progress;
    this.checkpoints = new CheckpointManager(runDir);
  }

  public Summary fit(TrainTask task, LatentFile data) {
    LatentSplit train = data.split("training", settings.featureKey());
    LatentSplit val = data.split("validation", settings.featureKey());
    int firstEpoch = 0;
    long step = 0;
    double best = Double.POSITIVE_INFINITY;
    if (settings.resume()) {
      Optional<CheckpointManager.Resumed> resumed = checkpoints.resume(task);
      if (resumed.isPresent()) {
        firstEpoch = resumed.get().state().epoch() + 1;
        step = resumed.get().state().globalStep();
        best = resumed.get().state().bestValLoss();
        progress.info("resumed from " + checkpoints.lastDir() + " after epoch " + (firstEpoch - 1) + ", step " + step);
      } else {
        progress.warn("trainer.resume=true but " + checkpoints.lastDir() + " holds no checkpoint; starting afresh");
      }
    }
    long stepsPerEpoch = batchesPerEpoch(train);
    long needed = BatchIterator.estimatedHeapBytes(train, options(task, true));
    long heap = Runtime.getRuntime().maxMemory();
    if (needed > 0.8 * heap) {
      progress.warn(String.format(Locale.ROOT, "the data pipeline needs about %d MiB of heap (batch, prefetch queue,"
              + " shuffle buffer of %d chunks) but -Xmx is %d MiB; raise -Xmx or lower data.batch_size,"
              + " data.prefetch_batches or data.shuffle_buffer_chunks", needed >> 20,
          settings.shuffleBufferChunks(), heap >> 20));
    }
    TrainTask.Validation.Result lastVal = new TrainTask.Validation.Result(Map.of(), null);
    for (int epoch = firstEpoch; epoch < settings.maxEpochs(); epoch++) {
      progress.start(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, settings.maxEpochs()), stepsPerEpoch);
      Map<String, Double> lastTrain = Map.of();
      try (BatchIterator it = BatchIterator.open(train, options(task, true), epoch)) {
        while (it.hasNext()) {
          Batch batch = it.next();
          Map<String, Double> m = task.trainStep(batch);
          step++;
          double loss = m.get("loss");
          if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(step, epoch, loss);
          }
          lastTrain = m;
          if (step % settings.logEveryNSteps() == 0) {
            logAll(step, epoch, prefixed("train/", m));
          }
          progress.step(task.progressStatus(m));
        }
      }
      progress.finish(task.progressStatus(lastTrain));
      boolean validate = (epoch + 1) % settings.checkValEveryNEpoch() == 0 || epoch + 1 == settings.maxEpochs();
      if (validate) {
        lastVal = validate(task, val);
        Map<String, Double> vm = lastVal.metrics();
        logAll(step, epoch, prefixed("val/", vm));
        progress.info("validation: " + format(vm));
        double vloss = vm.getOrDefault("loss", Double.NaN);
        if (vloss < best) {
          best = vloss;
          checkpoints.saveBest(task, new TrainerState(epoch, step, best, vm));
        }
      }
      checkpoints.saveLast(task, new TrainerState(epoch, step, best, lastVal.metrics()));
      sinks.forEach(MetricsSink::flush);
    }
    task.finish(runDir, lastVal);
    return new Summary(settings.maxEpochs(), step, lastVal.metrics(), best);
  }

  private TrainTask.Validation.Result validate(TrainTask task, LatentSplit val) {
    TrainTask.Validation v = task.startValidation();
    try (BatchIterator it = BatchIterator.open(val, options(task, false), 0)) {
      while (it.hasNext()) {
        v.add(it.next());
      }
    }
    return v.result();
  }

  private BatchOptions options(TrainTask task, boolean shuffle) {
    return new BatchOptions(settings.batchSize(), task.pooling(), shuffle, settings.seed(),
        settings.shuffleBufferChunks(), settings.prefetchBatches(), task.labelKeys(), settings.inputDim(), false,
        shuffle && task.acceptsFloat16()); // training batches only: validation reads float32
  }

  private long batchesPerEpoch(LatentSplit split) {
    return (split.numSamples() + settings.batchSize() - 1) / settings.batchSize();
  }

  private void logAll(long step, int epoch, Map<String, Double> metrics) {
    for (MetricsSink s : sinks) {
      s.log(step, epoch, metrics);
    }
  }

  static Map<String, Double> prefixed(String prefix, Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(prefix + k, v));
    return out;
  }

  /** The declared CSV columns of a task: every train/ and val/ metric. */
  public static List<String> columns(TrainTask task) {
    List<String> cols = new ArrayList<>();
    task.trainMetricNames().forEach(n -> cols.add("train/" + n));
    task.validationMetricNames().forEach(n -> cols.add("val/" + n));
    return cols;
  }

  private static String format(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(k).append('=').append(String.format(Locale.ROOT, "%.5g", v)).append(' '));
    return sb.toString().trim();
  }
}
