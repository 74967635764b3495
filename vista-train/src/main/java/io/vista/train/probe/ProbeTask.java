package io.vista.train.probe;

import com.google.gson.JsonObject;
import io.vista.train.config.ConfigException;
import io.vista.train.config.ProbeModuleConfig;
import io.vista.train.config.RunConfig;
import io.vista.core.data.Batch;
import io.vista.core.data.DataException;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.Pooling;
import io.vista.core.train.LearningRateSchedule;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.CheckpointException;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.probe.ProbeSession;
import io.vista.core.probe.ProbeSpec;
import io.vista.core.probe.ProbeWeights;
import io.vista.cli.ProgressDisplay;
import io.vista.train.loop.CheckpointContents;
import io.vista.train.loop.TrainTask;
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
  private final JsonObject resolvedConfig;

  private ProbeTask(ProbeSpec spec, ProbeSession session, JsonObject resolvedConfig) {
    this.spec = spec;
    this.session = session;
    this.tasks = session.activeTasks();
    this.resolvedConfig = resolvedConfig;
  }

  /**
   * Builds the probe for the tasks that have labels in the training split; a configured task
   * without labels is skipped with one warning line, none at all is an error.
   */
  public static ProbeTask create(ProbeModuleConfig m, RunConfig cfg, LatentFile data, ProgressDisplay progress,
                                 LearningRateSchedule schedule, JsonObject resolvedConfig) {
    ProbeSpec spec = ProbeSpec.fairFace(m.inputDim(), m.ageClasses(), m.genderClasses(), m.raceClasses(),
        m.learningRate());
    LatentSplit train = data.split("training", cfg.data().featureKey());
    List<String> requested = cfg.data().returnLabels();
    Set<String> available = new LinkedHashSet<>(train.labelKeys());
    Set<String> active = new LinkedHashSet<>();
    for (String task : spec.taskClasses().keySet()) {
      boolean wanted = requested.contains("all") || requested.contains(task);
      if (wanted && available.contains(task)) {
        active.add(task);
      } else if (wanted || requested.contains("all")) {
        progress.warn(data.path() + " has no '" + task + "' labels in /training/labels"
            + " (found " + available + "); the " + task + " head is not trained");
      }
    }
    if (active.isEmpty()) {
      throw new DataException(data.path() + ": /training/labels has none of the probe's tasks "
          + spec.taskClasses().keySet() + " (found " + available + ")");
    }
    LatentSplit val = data.split("validation", cfg.data().featureKey());
    for (String task : active) {
      checkLabels(data.path(), train, task, spec.taskClasses().get(task));
      checkLabels(data.path(), val, task, spec.taskClasses().get(task));
    }
    if (val.numSamples() == 0) {
      progress.warn(data.path() + ": " + val.featurePath() + " has 0 samples; validation metrics"
          + " will be NaN, no best/ checkpoint and no probe_report.json are written");
    }
    ProbeSession session = new ProbeSession(spec, ProbeWeights.initialize(spec, cfg.seed()), active,
        cfg.trainer().intraOpThreads(), cfg.trainer().interOpThreads(), schedule);
    return new ProbeTask(spec, session, resolvedConfig);
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
      throw new ConfigException(file + ": /" + split.name() + "/labels/" + task + " has values in [" + min + ", "
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
  public CheckpointContents checkpointContents() {
    Map<String, float[]> state = session.state();
    Map<String, long[]> shapes = session.stateShapes();
    Map<String, NamedTensor> weights = new LinkedHashMap<>();
    Map<String, NamedTensor> optimizer = new LinkedHashMap<>();
    state.forEach((name, v) -> {
      NamedTensor t = NamedTensor.ofFloats(shapes.get(name), v);
      (name.startsWith("adam/") ? optimizer : weights).put(name, t);
    });
    JsonObject cfg = new JsonObject();
    cfg.addProperty("architecture", "linear_probe");
    cfg.addProperty("input_dim", spec.inputDim());
    spec.taskClasses().forEach((t, c) -> cfg.addProperty(t + "_classes", c));
    cfg.addProperty("learning_rate", spec.learningRate());
    cfg.add("trained_tasks", new com.google.gson.Gson().toJsonTree(tasks));
    if (resolvedConfig != null) {
      cfg.add("config", resolvedConfig);
    }
    return new CheckpointContents(cfg, weights, optimizer);
  }

  @Override
  public void restore(Checkpoint cp) {
    Map<String, float[]> state = new LinkedHashMap<>();
    for (String name : session.stateShapes().keySet()) {
      NamedTensor t = cp.weights().containsKey(name) ? cp.weights().get(name) : cp.optimizerState().get(name);
      if (t == null) {
        throw new CheckpointException(cp.dir() + ": no '" + name + "' to resume the probe from");
      }
      state.put(name, t.toFloats());
    }
    session.loadState(state);
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
