package io.vista.eval.cli;

import java.io.PrintStream;
import java.util.List;

/** Placeholder until the intersectional analysis lands; the lead wires it. */
final class IntersectionalCommand {
  private IntersectionalCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    err.println("vista-eval: intersectional: not available yet");
    return 1;
  }
}
