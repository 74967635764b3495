package io.vista.train;

import io.vista.cli.CommandLine;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code java -jar vista-train.jar}. With no sub-command it trains, taking Hydra
 * overrides exactly like {@code python -m src.main}; sub-commands generate demo data, inspect a
 * file, and benchmark. Exit codes ({@link CommandLine}): 0 success, 1 failure (one line on
 * stderr), 2 bad usage.
 */
public final class TrainMain {
  private TrainMain() {}

  /** The exit-code policy; out of memory suggests the batch size first. */
  static final CommandLine CLI =
      CommandLine.of("vista-train").outOfMemoryHint("lower data.batch_size or raise -Xmx");

  public static void main(String[] args) {
    CLI.main(() -> dispatch(args, System.out, System.err));
  }

  /** Runs a command line and returns its exit code; never calls System.exit (tests call this). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return CLI.run(out, err, () -> dispatch(args, out, err));
  }

  private static int dispatch(String[] args, PrintStream out, PrintStream err) {
    List<String> argv = Arrays.asList(args);
    if (!argv.isEmpty()) {
      switch (argv.get(0)) {
        case "-h", "--help", "help" -> {
          out.print(usage());
          return 0;
        }
        case "generate-demo" -> {
          return GenerateDemo.run(argv.subList(1, argv.size()), out);
        }
        case "inspect" -> {
          return InspectCommand.run(argv.subList(1, argv.size()), out);
        }
        default -> { }
      }
    }
    return TrainCommand.run(argv, out, err);
  }

  static String usage() {
    return """
        usage: java -jar vista-train.jar [--config-dir DIR] [--cfg job] [OVERRIDE ...]
               java -jar vista-train.jar generate-demo --out FILE.h5 [--samples N] [--val-samples M]
                                         [--tokens T] [--dim D] [--atoms A] [--active K] [--seed S] [--intersectional]
               java -jar vista-train.jar inspect FILE.h5

        Overrides are Hydra's: group=option (module=probe model=linear_probe data=fairface_labels),
        a.b=value for an existing key, +a.b=value to add one, ++a.b=value to add or set, ~a.b to delete.
        Examples:
          module.variant=topk module.top_k=32
          module.variant=jumprelu module.l0_coeff=5e-5
          trainer.max_epochs=100 data.batch_size=256 data.hdf5_path=latents.h5
        With data.hdf5_path unset, a demo dataset is generated into the run directory and used.
        --cfg job prints the resolved configuration and exits.
        """;
  }
}
