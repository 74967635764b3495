package io.vista.train;

import io.vista.core.data.demo.GenerateDemo;
import java.io.PrintStream;
import java.util.List;

/** {@code generate-demo ...}: writes a VISTA-format file with planted, known structure. */
final class GenerateDemoCommand {
  private GenerateDemoCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return GenerateDemo.run(args.toArray(String[]::new), out, err);
  }
}
