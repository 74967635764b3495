package io.vista.core.train;

import com.google.gson.GsonBuilder;
import io.vista.core.data.FairFaceLabels;
import io.vista.core.classification.ClassificationMetrics;
import io.vista.core.classification.ClassificationReport;
import io.vista.core.internal.io.AtomicFiles;
import io.vista.core.probe.ProbeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code probe_report.json}: for every trained task, the final validation accuracy and macro F1,
 * the confusion matrix over all configured classes (rows true, columns predicted) and
 * scikit-learn-style per-class precision / recall / F1 / support, with FairFace class names.
 */
final class ProbeReport {
  private final ProbeSpec spec;
  private final Map<String, Double> metrics;
  private final Map<String, ClassificationReport> reports;
  private final Map<String, int[][]> data;

  ProbeReport(ProbeSpec spec, Map<String, Double> metrics, Map<String, ClassificationReport> reports,
              Map<String, int[][]> data) {
    this.spec = spec;
    this.metrics = metrics;
    this.reports = reports;
    this.data = data;
  }

  /** The per-class report over every configured class, named as FairFace names them. */
  static ClassificationReport report(String task, int classes, int[] y, int[] p) {
    int[] labels = new int[classes];
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      labels[c] = c;
      names.add(FairFaceLabels.name(task, c));
    }
    return ClassificationReport.of(y, p, labels, names, 0.0);
  }

  void write(Path file) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ClassificationReport> e : reports.entrySet()) {
      String task = e.getKey();
      int classes = spec.taskClasses().get(task);
      int[] labels = new int[classes];
      List<String> names = new ArrayList<>();
      for (int c = 0; c < classes; c++) {
        labels[c] = c;
        names.add(FairFaceLabels.name(task, c));
      }
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("accuracy", metrics.get(task + "_acc"));
      t.put("macro_f1", metrics.get(task + "_f1"));
      t.put("loss", metrics.get(task + "_loss"));
      t.put("class_names", names);
      t.put("confusion_matrix", ClassificationMetrics.confusionMatrix(data.get(task)[0], data.get(task)[1], labels));
      t.put("per_class", e.getValue().toMap());
      out.put(task, t);
    }
    AtomicFiles.writeString(file,
        new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(out));
  }
}
