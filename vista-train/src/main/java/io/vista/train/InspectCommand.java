package io.vista.train;

import io.vista.cli.UsageException;
import io.vista.core.data.Inspector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code inspect FILE.h5}: a friendly h5ls of a VISTA-format file. */
final class InspectCommand {
  private InspectCommand() {}

  static int run(List<String> args, PrintStream out) {
    if (args.size() != 1 || args.get(0).startsWith("-")) {
      throw new UsageException("inspect takes exactly one HDF5 file");
    }
    out.print(Inspector.describe(Path.of(args.get(0))));
    return 0;
  }
}
