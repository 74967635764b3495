package io.vista.eval.cli;

import io.vista.cli.ProgressDisplay;
import io.vista.cli.UsageException;
import io.vista.eval.evaluate.Evaluation;
import io.vista.eval.evaluate.EvaluationOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code vista-eval [evaluate] --checkpoint CKPT --hdf5 F.h5 [...]}: evaluation.py's command line. */
final class EvaluateCommand {
  private EvaluateCommand() {}

  static int run(List<String> args, PrintStream out) {
    Options o = Options.parse(args,
        Set.of("--checkpoint", "--hdf5", "--output-dir", "--batch-size", "--mode", "--threads"),
        Set.of("--ablation-ks"), Set.of("--quiet", "--warm-start"));
    EvaluationOptions opts;
    try {
      opts = new EvaluationOptions(o.path("--checkpoint"), o.path("--hdf5"), o.path("--output-dir", "eval_output"),
          o.integer("--batch-size", 256), o.string("--mode", "validation"),
          o.integers("--ablation-ks", EvaluationOptions.DEFAULT_KS), o.integer("--threads", 0), o.has("--warm-start"));
    } catch (io.vista.core.VistaException e) {
      throw new UsageException(e.getMessage());
    }
    ProgressDisplay progress = new ProgressDisplay(out, ProgressDisplay.detect(o.has("--quiet")));
    Evaluation.run(opts, o.asStrings(), progress);
    return 0;
  }
}
