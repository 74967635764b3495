package io.vista.core.train;

import io.vista.core.data.Batch;
import io.vista.core.classification.ClassificationReport;
import io.vista.core.probe.ProbeSession;
import io.vista.core.probe.ProbeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.types.TFloat32;

/**
 * One validation pass of the probe: per task, the sample-weighted mean loss, and accuracy and
 * macro F1 over every validation sample (torchmetrics' multiclass Accuracy and macro F1Score
 * accumulate over the epoch the same way); the confusion matrices go into the report. An empty
 * split gives NaN metrics and no report.
 */
final class ProbeValidation implements TrainTask.Validation {
  private final ProbeSession session;
  private final ProbeSpec spec;
  private final List<String> tasks;
  private final Map<String, IntList> truth = new LinkedHashMap<>();
  private final Map<String, IntList> predicted = new LinkedHashMap<>();
  private final Map<String, Double> lossSums = new LinkedHashMap<>();
  private long samples;

  ProbeValidation(ProbeSession session, ProbeSpec spec, List<String> tasks) {
    this.session = session;
    this.spec = spec;
    this.tasks = tasks;
    tasks.forEach(t -> {
      truth.put(t, new IntList());
      predicted.put(t, new IntList());
      lossSums.put(t, 0.0);
    });
  }

  @Override
  public void add(Batch batch) {
    try (TFloat32 x = ProbeTask.toTensor(batch)) {
      ProbeSession.Evaluation e = session.evaluate(x, batch.labels());
      for (String t : tasks) {
        lossSums.merge(t, e.losses().get(t) * batch.rows(), Double::sum);
        truth.get(t).addAll(batch.labels().get(t));
        predicted.get(t).addAll(e.predictions().get(t));
      }
      samples += batch.rows();
    }
  }

  @Override
  public Result result() {
    if (samples == 0) {
      return emptySplit();
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    double total = 0;
    Map<String, ClassificationReport> reports = new LinkedHashMap<>();
    Map<String, Double> perTask = new LinkedHashMap<>();
    for (String t : tasks) {
      double loss = lossSums.get(t) / Math.max(1, samples);
      total += loss;
      int[] y = truth.get(t).toArray();
      int[] p = predicted.get(t).toArray();
      ClassificationReport r = ProbeReport.report(t, spec.taskClasses().get(t), y, p);
      reports.put(t, r);
      perTask.put(t + "_loss", loss);
      perTask.put(t + "_acc", io.vista.core.classification.ClassificationMetrics.accuracy(y, p));
      perTask.put(t + "_f1", io.vista.core.classification.ClassificationMetrics.macroF1(y, p));
    }
    metrics.put("loss", total);
    metrics.putAll(perTask);
    Map<String, int[][]> data = new LinkedHashMap<>();
    for (String t : tasks) {
      data.put(t, new int[][] {truth.get(t).toArray(), predicted.get(t).toArray()});
    }
    return new Result(metrics, new ProbeReport(spec, metrics, reports, data));
  }

  /**
   * An empty validation split (0 samples): every metric is NaN, as the SAE's are, and there is no
   * report. Accuracy and F1 of no predictions are undefined, and computing them would abort the
   * run after its first epoch.
   */
  private Result emptySplit() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", Double.NaN);
    for (String t : tasks) {
      metrics.put(t + "_loss", Double.NaN);
      metrics.put(t + "_acc", Double.NaN);
      metrics.put(t + "_f1", Double.NaN);
    }
    return new Result(metrics, null);
  }

  /** A growable int array: validation labels of a whole split, without boxing. */
  static final class IntList {
    private int[] values = new int[1024];
    private int size;

    void addAll(long[] v) {
      if (size + v.length > values.length) {
        values = java.util.Arrays.copyOf(values, Math.max(values.length * 2, size + v.length));
      }
      for (long x : v) {
        values[size++] = (int) x;
      }
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
