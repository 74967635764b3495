package io.vista.eval.cli;

import io.vista.eval.model.LoadedSae;
import io.vista.eval.model.SaeCheckpoints;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code vista-eval convert --checkpoint X.ckpt --out DIR}: writes any readable SAE as this project's folder. */
final class ConvertCommand {
  private ConvertCommand() {}

  static int run(List<String> args, PrintStream out) {
    Options o = Options.parse(args, Set.of("--checkpoint", "--out"), Set.of(), Set.of("--quiet"));
    var in = o.path("--checkpoint");
    var dir = o.path("--out");
    LoadedSae sae = SaeCheckpoints.load(in);
    SaeCheckpoints.write(sae, dir);
    if (!o.has("--quiet")) {
      out.println("wrote " + dir + " (" + sae.spec().variant() + ", d_in=" + sae.spec().dIn() + ", d_sae="
          + sae.spec().dSae() + ") from " + sae.format() + " " + in);
    }
    return 0;
  }
}
