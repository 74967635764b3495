package io.vista.eval.cli;

import io.vista.core.sae.SaeModel;
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
    SaeModel sae = SaeModel.load(in);
    sae.save(dir);
    if (!o.has("--quiet")) {
      out.println("wrote " + dir + " (" + sae.spec().variant() + ", d_in=" + sae.spec().dIn() + ", d_sae="
          + sae.spec().dSae() + ") from " + sae.provenance().format().label() + " " + in);
    }
    return 0;
  }
}
