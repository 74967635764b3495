package io.vista.eval.evaluate;

import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.Progress;
import io.vista.core.sae.SaeModel;
import io.vista.eval.metrics.AblationStudy;
import io.vista.eval.metrics.AttributeAblation;
import io.vista.eval.metrics.AttributeAlignment;
import io.vista.eval.metrics.AttributeProbeComparison;
import io.vista.eval.metrics.DemographicAlignment;
import io.vista.eval.metrics.ProbeComparison;
import io.vista.eval.report.EvaluationReport;
import io.vista.eval.report.JsonReportWriter;
import io.vista.eval.report.Metadata;
import io.vista.eval.stats.LogRegOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * evaluation.py's {@code run_evaluation}: load the SAE, encode the split in one streaming pass, then
 * feature-demographic alignment, the ablation study and the probe comparison on the per-sample matrices, and
 * write {@code <output-dir>/evaluation_results.json} atomically.
 */
public final class Evaluation {
  /** The feature dataset evaluation.py reads. */
  public static final String FEATURE_KEY = "encoded";

  private Evaluation() {}

  /**
   * Runs everything and writes the report.
   *
   * @param args the command line's options by name, recorded in the metadata
   * @return the report written
   */
  public static EvaluationReport run(EvaluationOptions opts, Map<String, String> args, Progress progress) {
    progress.info("Loading model from " + opts.checkpoint());
    SaeModel sae = SaeModel.load(opts.checkpoint());
    progress.info("Loading data from " + opts.hdf5() + " (mode=" + opts.mode() + ")");
    SplitEncoding enc;
    try (LatentFile file = LatentFile.open(opts.hdf5())) {
      LatentSplit split = file.split(opts.mode(), FEATURE_KEY);
      // Everything checkable is checked before TensorFlow loads, so bad input fails fast and quietly.
      SplitEncoder.checkInput(split, sae.spec());
      try (SaeModel model = sae.withThreads(opts.threads(), 0)) {
        enc = SplitEncoder.encode(split, model, opts.batchSize(), progress);
      }
    }
    EvaluationReport report = analyse(enc, opts, sae, args, progress);
    Path out = opts.outputDir().resolve(EvaluationReport.FILE_NAME);
    JsonReportWriter.write(out, report.toJson());
    progress.info("Results saved to " + out);
    return report;
  }

  /** The analyses of an encoded split, and the report. */
  static EvaluationReport analyse(
      SplitEncoding enc, EvaluationOptions opts, SaeModel sae, Map<String, String> args, Progress progress) {
    LogRegOptions probe = LogRegOptions.evaluationProbe();
    progress.info("Computing feature-demographic alignment ...");
    Map<String, AttributeAlignment> alignment = DemographicAlignment.compute(enc.saeFeatures(), enc.labels());
    progress.info("Running ablation studies (on mean-pooled activations) ...");
    int[] ks = opts.ablationKs().stream().mapToInt(Integer::intValue).toArray();
    Map<String, AttributeAblation> ablation =
        AblationStudy.run(enc.saeFeatures(), enc.labels(), ks, probe, opts.warmStart(), progress::info);
    progress.info("Running downstream probe comparison ...");
    Map<String, AttributeProbeComparison> comparison = ProbeComparison.run(
        enc.rawPooled(), enc.saeFeatures(), enc.labels(), probe, ablation, progress::info);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("data_file", opts.hdf5().toAbsolutePath().toString());
    extra.put("split", opts.mode());
    extra.put("feature_key", FEATURE_KEY);
    extra.put("label_keys", new java.util.ArrayList<>(enc.labels().keySet()));
    Map<String, Object> probeInfo = new LinkedHashMap<>();
    probeInfo.put("solver", "lbfgs");
    probeInfo.put("C", probe.c());
    probeInfo.put("max_iter", probe.maxIter());
    probeInfo.put("tol", probe.tol());
    probeInfo.put("test_size", AblationStudy.TEST_SIZE);
    probeInfo.put("random_state", AblationStudy.RANDOM_STATE);
    probeInfo.put("warm_start", opts.warmStart());
    extra.put("probe", probeInfo);
    Map<String, Object> splits = new LinkedHashMap<>();
    ablation.forEach((attr, a) -> splits.put(attr, SplitDigest.describe(a.split())));
    extra.put("splits", splits);
    Map<String, Object> metadata = Metadata.of("evaluate", Metadata.checkpoint(sae), extra, args);
    return new EvaluationReport(enc.health(), enc.reconstruction(), alignment, ablation, comparison, metadata);
  }
}
