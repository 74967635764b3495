package io.vista.eval;

import io.vista.eval.cli.Cli;

/**
 * Entry point of {@code java -jar vista-eval.jar}: see {@link Cli} for the sub-commands (evaluate, sae-latents,
 * convert, intersectional) and exit codes.
 */
public final class EvalMain {
  private EvalMain() {}

  public static void main(String[] args) {
    // jHDF logs through SLF4J, and SLF4J warns on stderr (three lines) when no logging backend is bound; errors
    // are meant to be the only thing there. (TensorFlow's native start-up lines obey TF_CPP_MIN_LOG_LEVEL=2,
    // which a JVM cannot set for itself.)
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    Cli.main(args);
  }
}
