package io.vista.eval.cli;

import io.vista.core.probe.ProbeModel;
import io.vista.core.sae.SaeModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code vista-eval convert --checkpoint X.ckpt --out DIR}: writes any readable SAE or linear probe
 * (a Python VISTA Lightning {@code .ckpt}, a SAELens folder, an earlier vista-java folder) as this
 * project's folder. A probe folder keeps the Python {@code LinearProbe} parameter names, so the way
 * back to Python is {@code probe.load_state_dict(safetensors.torch.load_file(...))}.
 */
final class ConvertCommand {
  private ConvertCommand() {}

  static int run(List<String> args, PrintStream out) {
    Options o = Options.parse(args, Set.of("--checkpoint", "--out"), Set.of(), Set.of("--quiet"));
    var in = o.path("--checkpoint");
    var dir = o.path("--out");
    if (ProbeModel.isProbeCheckpoint(in)) {
      try (ProbeModel probe = ProbeModel.load(in)) {
        probe.save(dir);
        if (!o.has("--quiet")) {
          out.println("wrote " + dir + " (linear probe, input_dim=" + probe.spec().inputDim() + ", tasks "
              + probe.trainedTasks() + ") from " + probe.provenance().format().label() + " " + in);
        }
      }
      return 0;
    }
    SaeModel sae = SaeModel.load(in);
    sae.save(dir);
    if (!o.has("--quiet")) {
      out.println("wrote " + dir + " (" + sae.spec().variant() + ", d_in=" + sae.spec().dIn() + ", d_sae="
          + sae.spec().dSae() + ") from " + sae.provenance().format().label() + " " + in);
    }
    return 0;
  }
}
