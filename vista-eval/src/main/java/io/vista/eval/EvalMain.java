package io.vista.eval;

import io.vista.eval.cli.Cli;

/**
 * Entry point of {@code java -jar vista-eval.jar}: see {@link Cli} for the sub-commands (evaluate, sae-latents,
 * convert, intersectional) and exit codes.
 */
public final class EvalMain {
  private EvalMain() {}

  public static void main(String[] args) {
    Cli.main(args);
  }
}
