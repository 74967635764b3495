package io.vista.eval.cli;

import io.vista.cli.ProgressDisplay;
import io.vista.cli.UsageException;
import io.vista.core.VistaException;
import io.vista.core.data.DataException;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.internal.io.AtomicFiles;
import io.vista.core.sae.SaeModel;
import io.vista.eval.evaluate.SplitEncoder;
import io.vista.eval.intersectional.IntersectionalAnalysis;
import io.vista.eval.intersectional.IntersectionalOptions;
import io.vista.eval.intersectional.IntersectionalResult;
import io.vista.eval.intersectional.SdfClassResult;
import io.vista.eval.metrics.FeatureMatrix;
import io.vista.eval.report.Metadata;
import io.vista.eval.report.NpzWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vista-eval intersectional --sae-checkpoint CKPT --hdf5 F.h5 [...]}: {@code python -m src.intersectional}
 * with its options and defaults. Encodes the split through the SAE ({@code encode_fairface_through_sae}: mean
 * over tokens of {@code model.encode}), runs {@link IntersectionalAnalysis} and writes
 * {@code intersectional_results.json} (with {@code _metadata}) and {@code sdfs_intersectional.npz}.
 */
final class IntersectionalCommand {
  private IntersectionalCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Options o = Options.parse(args,
        Set.of("--sae-checkpoint", "--checkpoint", "--hdf5", "--output-dir", "--batch-size", "--mode",
            "--min-subgroup-size", "--k1", "--k2", "--k3", "--k-top", "--threads"),
        Set.of(), Set.of("--skip-anova", "--skip-mi", "--quiet"));
    if (o.has("--sae-checkpoint") && o.has("--checkpoint")) {
      throw new UsageException("--sae-checkpoint and --checkpoint name the same input (--checkpoint is its alias): give one");
    }
    if (!o.has("--sae-checkpoint") && !o.has("--checkpoint")) {
      throw new UsageException("the following argument is required: --sae-checkpoint");
    }
    Path ckpt = o.has("--sae-checkpoint") ? o.path("--sae-checkpoint") : o.path("--checkpoint");
    Path hdf5 = o.path("--hdf5");
    Path outDir = o.path("--output-dir", "results/intersectional");
    int batchSize = o.integer("--batch-size", 256);
    String mode = o.string("--mode", "validation");
    int threads = o.integer("--threads", 0);
    if (batchSize < 1 || threads < 0 || !List.of("training", "validation").contains(mode)) {
      throw new UsageException("--batch-size must be >= 1, --threads >= 0, --mode training or validation");
    }
    IntersectionalOptions d = IntersectionalOptions.DEFAULTS;
    IntersectionalOptions opts;
    try {
      opts = new IntersectionalOptions(o.integer("--min-subgroup-size", d.minSubgroupSize()),
          o.integer("--k1", d.k1()), o.integer("--k2", d.k2()), o.integer("--k3", d.k3()),
          o.integer("--k-top", d.kTop()), o.has("--skip-anova"), o.has("--skip-mi"), d.minEffectSize(), d.alpha(),
          d.miBins());
    } catch (VistaException e) {
      throw new UsageException(e.getMessage());
    }
    ProgressDisplay progress = new ProgressDisplay(out, ProgressDisplay.detect(o.has("--quiet")));
    progress.info("Loading SAE from " + ckpt);
    SaeModel sae = SaeModel.load(ckpt);
    FeatureMatrix acts;
    int[][] labels = new int[3][];
    try (LatentFile file = LatentFile.open(hdf5)) {
      LatentSplit split = file.split(mode, "encoded");
      String[] keys = {"age", "gender", "race"};
      for (int a = 0; a < 3; a++) {
        if (!split.labelKeys().contains(keys[a])) {
          throw new DataException(hdf5 + ": /" + mode + "/labels has no '" + keys[a] + "' (has: "
              + split.labelKeys() + "); the intersectional analysis needs age, gender and race");
        }
        long[] v = split.labels(keys[a]);
        labels[a] = new int[v.length];
        for (int i = 0; i < v.length; i++) {
          labels[a][i] = Math.toIntExact(v[i]);
        }
      }
      SplitEncoder.checkInput(split, sae.spec());
      progress.info("Encoding FairFace latents through SAE ...");
      try (SaeModel model = sae.withThreads(threads, 0)) {
        acts = SplitEncoder.poolFeatures(split, model, batchSize, progress);
      }
    }
    progress.info("Running the intersectional analysis on " + acts.rows() + " x " + acts.cols() + " features ...");
    IntersectionalResult result = IntersectionalAnalysis.run(acts.data(), acts.rows(), acts.cols(), labels[0],
        labels[1], labels[2], opts);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("data_file", hdf5.toAbsolutePath().toString());
    extra.put("split", mode);
    Map<String, Object> metadata = Metadata.of("intersectional", Metadata.checkpoint(sae), extra, o.asStrings());
    write(outDir.resolve("intersectional_results.json"), result.toJson(metadata));
    Map<String, long[]> sdfs = new LinkedHashMap<>();
    for (SdfClassResult c : result.intersectionalSdfs().classes().values()) {
      sdfs.put(Integer.toString(c.classId()), c.sdfs().stream().mapToLong(Integer::longValue).toArray());
    }
    NpzWriter.write(outDir.resolve("sdfs_intersectional.npz"), sdfs);
    progress.info("Results saved to " + outDir.resolve("intersectional_results.json"));
    return 0;
  }

  private static void write(Path target, String json) {
    AtomicFiles.writeString(target, json.endsWith("\n") ? json : json + "\n");
  }
}
