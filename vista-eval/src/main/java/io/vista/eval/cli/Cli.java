package io.vista.eval.cli;

import io.vista.cli.CommandLine;
import io.vista.cli.UsageException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code vista-eval} command line: sub-command dispatch. Exit codes and error reporting are the shared policy of
 * {@link CommandLine}: 0 on success; 2 for a bad command line (the reason, then a pointer to {@code --help}); 1 with
 * one line on stderr for any failure (bad input, a missing file, an unreadable checkpoint, out of memory, anything
 * unexpected) -- never a stack trace.
 */
public final class Cli {
  /** The exit-code policy; out of memory suggests the batch size first. */
  static final CommandLine CLI = CommandLine.of("vista-eval").outOfMemoryHint("lower --batch-size or raise -Xmx");

  private Cli() {}

  /** Runs a command line and returns its exit status; never calls System.exit. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CLI.run(out, err, () -> dispatch(args, out, err));
  }

  /** Runs a command line and ends the JVM with its exit status. */
  public static void main(String[] args) {
    CLI.main(() -> dispatch(args, System.out, System.err));
  }

  private static int dispatch(String[] args, PrintStream out, PrintStream err) {
    List<String> argv = Arrays.asList(args);
    String command = argv.isEmpty() ? "evaluate" : argv.get(0);
    switch (command) {
      case "-h", "--help", "help" -> {
        out.print(usage());
        return 0;
      }
      case "evaluate" -> {
        return EvaluateCommand.run(argv.subList(1, argv.size()), out);
      }
      case "sae-latents" -> {
        return SaeLatentsCommand.run(argv.subList(1, argv.size()), out);
      }
      case "convert" -> {
        return ConvertCommand.run(argv.subList(1, argv.size()), out);
      }
      case "intersectional" -> {
        return IntersectionalCommand.run(argv.subList(1, argv.size()), out, err);
      }
      default -> {
        if (command.startsWith("--")) {
          return EvaluateCommand.run(argv, out); // evaluation.py's command line, no sub-command
        }
        throw new UsageException("unknown command '" + command + "' (evaluate, sae-latents, convert, "
            + "intersectional)");
      }
    }
  }

  static String usage() {
    return """
        usage: java -jar vista-eval.jar [evaluate] --checkpoint CKPT --hdf5 FILE.h5 [--output-dir eval_output]
                                        [--batch-size 256] [--mode training|validation]
                                        [--ablation-ks 10 20 50 100] [--threads N] [--warm-start] [--quiet]
               java -jar vista-eval.jar sae-latents --input ve.h5 --checkpoint CKPT --output-raw sae.h5
                                        --output-agg agg.h5 [--batch-size 128] [--threads N]
                                        [--zstd-level 3] [--quiet]
               java -jar vista-eval.jar convert --checkpoint X.ckpt --out DIR
               java -jar vista-eval.jar intersectional ...

        evaluate     src/evaluation.py: SAE health, reconstruction quality (with R^2), feature-demographic
                     alignment, ablation study and probe comparison -> OUTPUT_DIR/evaluation_results.json
        sae-latents  src/setup_datasets/sae_latent_dataset.py: per-token (N, T, m) and aggregated mean/max
                     (N, m) float16 SAE latents, Zstd-compressed (--zstd-level 1..22, default 3 as the
                     Python), labels and indices copied
        convert      a Lightning .ckpt (or SAELens folder) -> this project's checkpoint folder
        CKPT is a checkpoint folder (vista-train's or SAELens's) or a Python VISTA Lightning .ckpt.
        Exit status: 0 success, 1 failure (one line on stderr), 2 bad command line (the reason and a pointer here).
        """;
  }
}
