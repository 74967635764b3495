package io.vista.eval.cli;

import io.vista.cli.ProgressDisplay;
import io.vista.cli.UsageException;
import io.vista.eval.export.ExportOptions;
import io.vista.eval.export.SaeLatentExport;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code vista-eval sae-latents --input ve.h5 --checkpoint CKPT --output-raw sae.h5 --output-agg agg.h5
 * [--batch-size 128] [--zstd-level 3]}: sae_latent_dataset.py's command line, with its defaults.
 */
final class SaeLatentsCommand {
  private SaeLatentsCommand() {}

  static int run(List<String> args, PrintStream out) {
    Options o = Options.parse(args,
        Set.of("--input", "--checkpoint", "--output-raw", "--output-agg", "--batch-size", "--threads",
            "--zstd-level"), Set.of(),
        Set.of("--quiet"));
    ExportOptions opts;
    try {
      opts = new ExportOptions(o.path("--input", "data/ve_latent_fairface.hdf5"),
          o.path("--checkpoint", "checkpoints/best.ckpt"), o.path("--output-raw", "data/sae_latent_fairface.hdf5"),
          o.path("--output-agg", "data/agg_sae_latent_fairface.hdf5"), o.integer("--batch-size", 128),
          o.integer("--threads", 0), o.integer("--zstd-level", ExportOptions.DEFAULT_ZSTD_LEVEL));
    } catch (io.vista.core.VistaException e) {
      throw new UsageException(e.getMessage());
    }
    SaeLatentExport.run(opts, new ProgressDisplay(out, ProgressDisplay.detect(o.has("--quiet"))));
    return 0;
  }
}
