package io.vista.core.train;

import io.vista.core.Progress;
import io.vista.core.Provenance;
import io.vista.core.data.Batch;
import io.vista.core.data.DataException;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.Pooling;
import io.vista.core.LearningRateSchedule;
import io.vista.core.probe.ProbeModel;
import io.vista.core.probe.ProbeSession;
import io.vista.core.probe.ProbeSpec;
import io.vista.core.probe.ProbeWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Trains the Python project's LinearProbe: mean-pooled features in, one linear head per task
 * (age, gender, race), the summed cross-entropy of the tasks the file has labels for. Logs the
 * Python ProbeModule's metrics ({@code loss}, {@code <task>_loss}; validation adds
 * {@code <task>_acc} and {@code <task>_f1}, macro F1) and writes {@code probe_report.json} at the end.
 */
public final class ProbeTask implements TrainTask {
  private final ProbeSpec spec;
  private final ProbeSession session;
  private final List<String> tasks;
  private final String resolvedConfigJson;

  private ProbeTask(ProbeSpec spec, ProbeSession session, String resolvedConfigJson) {
    this.spec = spec;
    this.session = session;
    this.tasks = session.activeTasks();
    this.resolvedConfigJson = resolvedConfigJson == null ? "" : resolvedConfigJson;
  }

  /**
   * Builds the probe for the tasks that have labels in the training split of {@code data} (read at
   * {@code featureKey}); a requested task without labels is skipped with one warning line, none at
   * all is an error.
   *
   * @param requestedLabels the tasks asked for ({@code all} for every task of {@code spec})
   * @param resolvedConfigJson the run's resolved configuration, recorded in every checkpoint (may be empty)
   */
  public static ProbeTask create(ProbeSpec spec, LatentFile data, String featureKey, List<String> requestedLabels,
                                 TrainOptions options, Progress progress, String resolvedConfigJson) {
    LatentSplit train = data.split("training", featureKey);
    Set<String> available = new LinkedHashSet<>(train.labelKeys());
    Set<String> active = new LinkedHashSet<>();
    for (String task : spec.taskClasses().keySet()) {
      boolean wanted = requestedLabels.contains("all") || requestedLabels.contains(task);
      if (wanted && available.contains(task)) {
        active.add(task);
      } else if (wanted) {
        progress.warn(data.path() + " has no '" + task + "' labels in /training/labels"
            + " (found " + available + "); the " + task + " head is not trained");
      }
    }
    if (active.isEmpty()) {
      throw new DataException(data.path() + ": /training/labels has none of the probe's tasks "
          + spec.taskClasses().keySet() + " (found " + available + ")");
    }
    LatentSplit val = data.split("validation", featureKey);
    for (String task : active) {
      checkLabels(data.path(), train, task, spec.taskClasses().get(task));
      checkLabels(data.path(), val, task, spec.taskClasses().get(task));
    }
    if (val.numSamples() == 0) {
      progress.warn(data.path() + ": " + val.featurePath() + " has 0 samples; validation metrics"
          + " will be NaN, no best/ checkpoint and no probe_report.json are written");
    }
    ProbeSession session = new ProbeSession(spec, ProbeWeights.initialize(spec, options.seed()), active,
        options.intraOpThreads(), options.interOpThreads(), options.schedule());
    return new ProbeTask(spec, session, resolvedConfigJson);
  }

  /** Label values must lie in [0, classes): a different class count is a configuration error. */
  private static void checkLabels(Path file, LatentSplit split, String task, int classes) {
    long[] y = split.labels(task);
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    for (long v : y) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    if (y.length > 0 && (min < 0 || max >= classes)) {
      throw new DataException(file + ": /" + split.name() + "/labels/" + task + " has values in [" + min + ", "
          + max + "] but module." + task + "_classes=" + classes);
    }
  }

  @Override
  public Pooling pooling() {
    return Pooling.MEAN_POOL;
  }

  @Override
  public List<String> labelKeys() {
    return tasks;
  }

  @Override
  public List<String> trainMetricNames() {
    List<String> names = new ArrayList<>(List.of("loss"));
    tasks.forEach(t -> names.add(t + "_loss"));
    names.add("grad_norm");
    return names;
  }

  @Override
  public List<String> validationMetricNames() {
    List<String> names = new ArrayList<>(List.of("loss"));
    for (String t : tasks) {
      names.add(t + "_loss");
      names.add(t + "_acc");
      names.add(t + "_f1");
    }
    return names;
  }

  @Override
  public Map<String, Double> trainStep(Batch batch) {
    try (TFloat32 x = toTensor(batch)) {
      return session.trainStep(x, batch.labels());
    }
  }

  @Override
  public Validation startValidation() {
    return new ProbeValidation(session, spec, tasks);
  }

  @Override
  public String progressStatus(Map<String, Double> m) {
    return m.isEmpty() ? "" : String.format(Locale.ROOT, "loss %.4f", m.get("loss"));
  }

  @Override
  public void saveCheckpoint(Path dir, Map<String, Object> trainerState) {
    session.saveCheckpoint(dir, provenance(), trainerState);
  }

  @Override
  public Map<String, Object> restore(Path dir) {
    return session.restore(dir);
  }

  /** An immutable snapshot of the probe as trained so far. */
  public ProbeModel model() {
    return session.model(provenance());
  }

  private Provenance provenance() {
    return new Provenance(Provenance.Format.IN_MEMORY, null, resolvedConfigJson, Map.of(), Map.of());
  }

  @Override
  public void finish(Path runDir, Validation.Result lastValidation) {
    if (lastValidation.details() instanceof ProbeReport report) {
      report.write(runDir.resolve("probe_report.json"));
    }
  }

  @Override
  public void close() {
    session.close();
  }

  static TFloat32 toTensor(Batch batch) {
    return TFloat32.tensorOf(Shape.of(batch.rows(), batch.dim()),
        DataBuffers.of(batch.features(), true, false).narrow((long) batch.rows() * batch.dim()));
  }
}
