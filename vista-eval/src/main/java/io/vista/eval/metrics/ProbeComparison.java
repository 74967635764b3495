package io.vista.eval.metrics;

import io.vista.core.VistaException;
import io.vista.core.classification.ClassificationReport;
import io.vista.eval.stats.LogRegOptions;
import io.vista.eval.stats.StratifiedSplit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * evaluation.py's {@code downstream_probe_comparison}: per attribute, the same stratified 80/20 split as the
 * ablation ({@code train_test_split(np.arange(n), test_size=0.2, random_state=42, stratify=labels)} gives the
 * same rows), one probe on the mean-pooled encoder latents and one on the per-sample SAE features, their test
 * accuracies and the SAE probe's per-class report.
 *
 * <p>The SAE probe is the ablation's baseline fit (same rows, labels and settings); passing that fit's test
 * predictions skips refitting it.
 */
public final class ProbeComparison {
  private ProbeComparison() {}

  /**
   * Every attribute, in the order of {@code labels}.
   *
   * @param raw mean-pooled encoder latents {@code [N, d]}
   * @param sae per-sample SAE features {@code [N, m]}
   * @param ablations nullable: the ablation results, whose baseline test predictions are reused
   */
  public static Map<String, AttributeProbeComparison> run(
      FeatureMatrix raw, FeatureMatrix sae, Map<String, long[]> labels, LogRegOptions opts,
      Map<String, AttributeAblation> ablations, Consumer<String> log) {
    Map<String, AttributeProbeComparison> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : labels.entrySet()) {
      AttributeAblation a = ablations == null ? null : ablations.get(e.getKey());
      out.put(e.getKey(), forAttribute(e.getKey(), raw, sae, e.getValue(), opts, a, log));
    }
    return out;
  }

  /** One attribute; {@code ablation} nullable. */
  public static AttributeProbeComparison forAttribute(
      String name, FeatureMatrix raw, FeatureMatrix sae, long[] labels, LogRegOptions opts,
      AttributeAblation ablation, Consumer<String> log) {
    int n = Math.min(Math.min(raw.rows(), sae.rows()), labels.length);
    long[] labs = Arrays.copyOf(labels, n);
    StratifiedSplit.Split split;
    try {
      split = StratifiedSplit.trainTestSplit(labs, AblationStudy.TEST_SIZE, AblationStudy.RANDOM_STATE);
    } catch (VistaException ex) {
      throw new VistaException("attribute '" + name + "': " + ex.getMessage(), ex);
    }
    int[] train = split.train();
    int[] test = split.test();
    long[] yTrain = AblationStudy.pick(labs, train);
    long[] yTest = AblationStudy.pick(labs, test);
    long[] classes = ClassStatistics.uniqueClasses(labs, ClassStatistics.firstRows(n));

    log.accept("[" + name + "] Fitting probe on raw latents ...");
    Probe rawProbe = Probe.fit(raw.gatherRows(train), train.length, raw.cols(), yTrain, classes, opts, null);
    double rawAcc = AblationStudy.accuracy(yTest, rawProbe.predict(raw.gatherRows(test), test.length));

    long[] saePred;
    if (ablation != null && Arrays.equals(ablation.split().test(), test)
        && Arrays.equals(ablation.split().train(), train)) {
      saePred = ablation.baselineTestPredictions();
    } else {
      log.accept("[" + name + "] Fitting probe on SAE features ...");
      Probe saeProbe = Probe.fit(sae.gatherRows(train), train.length, sae.cols(), yTrain, classes, opts, null);
      saePred = saeProbe.predict(sae.gatherRows(test), test.length);
    }
    double saeAcc = AblationStudy.accuracy(yTest, saePred);
    Map<String, Object> report = ClassificationReport.of(
        AblationStudy.toInts(yTest), AblationStudy.toInts(saePred)).toMap();
    log.accept(String.format("[%s] raw=%.4f, sae=%.4f", name, rawAcc, saeAcc));
    return new AttributeProbeComparison(rawAcc, saeAcc, report);
  }
}
