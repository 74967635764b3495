package io.vista.train.tools;

import io.vista.core.internal.io.AtomicFiles;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.vista.cli.CommandLine;
import io.vista.cli.UsageException;
import io.vista.core.VistaException;
import io.vista.core.internal.graph.Tensors;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.internal.io.SafeTensors;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import io.vista.core.sae.StepMetrics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.types.TFloat32;

/**
 * Runs {@link SaeSession#trainStep} once per batch of a fixed sequence, from given initial
 * weights, and writes the per-step metrics and the final weights: the Java half of the
 * cross-check against the Python VISTA trainer ({@code tools/crosscheck/sae_training.py}).
 *
 * <pre>
 * java -cp vista-train.jar io.vista.train.tools.FixedBatchRun --variant topk
 *     --init init.safetensors --batches batches.safetensors --out result.json
 *     [--final final.safetensors] [--top-k K] [--top-k-aux K] [--aux-penalty A]
 *     [--n-batches-to-dead N] [--l1-coeff C] [--l0-coeff C] [--bandwidth B] [--lr LR]
 *     [--threads N]
 * </pre>
 *
 * {@code init.safetensors} holds float32 {@code W_enc} [d, m], {@code b_enc} [m], {@code W_dec}
 * [m, d], {@code b_dec} [d] (and {@code log_threshold} [m] for jumprelu); {@code
 * batches.safetensors} one float32 tensor [steps, rows, d]. Unset hyper-parameters take the
 * Python defaults ({@link SaeSpec#builder}). Exit code 0 on success, 1 on error, 2 on bad usage.
 */
public final class FixedBatchRun {
  private FixedBatchRun() {}

  static final String USAGE = "usage: FixedBatchRun --variant V --init F.safetensors --batches F.safetensors"
      + " --out result.json [--final F.safetensors] [--top-k K] [--top-k-aux K] [--aux-penalty A]"
      + " [--n-batches-to-dead N] [--l1-coeff C] [--l0-coeff C] [--bandwidth B] [--lr LR] [--threads N]";

  private static final CommandLine CLI =
      CommandLine.of("FixedBatchRun").invokedAs("java -cp vista-train.jar " + FixedBatchRun.class.getName());

  public static void main(String[] args) {
    CLI.main(() -> {
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
        System.out.println(USAGE);
        return CommandLine.OK;
      }
      try {
        run(parse(args));
      } catch (IllegalArgumentException e) {
        // a missing option, or a value that is not a number or out of range
        throw new UsageException(e.getMessage(), e);
      }
      return CommandLine.OK;
    });
  }

  /** The parsed {@code --key value} options. */
  static Map<String, String> parse(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected '--option value', got '" + a + "'");
      }
      o.put(a.substring(2), args[++i]);
    }
    for (String required : new String[] {"variant", "init", "batches", "out"}) {
      if (!o.containsKey(required)) {
        throw new IllegalArgumentException("missing --" + required);
      }
    }
    return o;
  }

  /** Trains on every batch and writes the outputs named in {@code o}. */
  static void run(Map<String, String> o) {
    Map<String, float[]> init = new LinkedHashMap<>();
    Map<String, long[]> initShapes = new LinkedHashMap<>();
    for (Map.Entry<String, NamedTensor> e : SafeTensors.read(Path.of(o.get("init"))).entrySet()) {
      init.put(e.getKey(), e.getValue().toFloats());
      initShapes.put(e.getKey(), e.getValue().shape());
    }
    long[] wEncShape = initShapes.get(SaeWeights.W_ENC);
    if (wEncShape == null || wEncShape.length != 2) {
      throw new VistaException(o.get("init") + ": needs a 2-D 'W_enc'; has " + initShapes.keySet());
    }
    int d = (int) wEncShape[0];
    int m = (int) wEncShape[1];

    Map<String, NamedTensor> batchFile = SafeTensors.read(Path.of(o.get("batches")));
    if (batchFile.size() != 1) {
      throw new VistaException(
          o.get("batches") + ": expected one tensor [steps, rows, d], got " + batchFile.keySet());
    }
    NamedTensor batches = batchFile.values().iterator().next();
    long[] bs = batches.shape();
    if (bs.length != 3 || bs[2] != d) {
      throw new VistaException(
          o.get("batches") + ": shape " + Arrays.toString(bs) + ", expected [steps, rows, " + d + "]");
    }
    float[] all = batches.toFloats();
    int steps = (int) bs[0];
    int rows = (int) bs[1];

    SaeSpec.Builder b = SaeSpec.builder(o.get("variant"), d, m);
    if (o.containsKey("top-k")) {
      b.topK(Integer.parseInt(o.get("top-k")));
    }
    if (o.containsKey("top-k-aux")) {
      b.topKAux(Integer.parseInt(o.get("top-k-aux")));
    }
    if (o.containsKey("aux-penalty")) {
      b.auxPenalty(Double.parseDouble(o.get("aux-penalty")));
    }
    if (o.containsKey("n-batches-to-dead")) {
      b.nBatchesToDead(Integer.parseInt(o.get("n-batches-to-dead")));
    }
    if (o.containsKey("l1-coeff")) {
      b.l1Coeff(Double.parseDouble(o.get("l1-coeff")));
    }
    if (o.containsKey("l0-coeff")) {
      b.l0Coeff(Double.parseDouble(o.get("l0-coeff")));
    }
    if (o.containsKey("bandwidth")) {
      b.bandwidth(Double.parseDouble(o.get("bandwidth")));
    }
    if (o.containsKey("lr")) {
      b.learningRate(Double.parseDouble(o.get("lr")));
    }
    if (o.containsKey("sparse-decoder")) {
      b.sparseDecoder(o.get("sparse-decoder"));
    }
    SaeSpec spec = b.build();
    int threads = Integer.parseInt(o.getOrDefault("threads", "1"));

    JsonObject result = new JsonObject();
    result.addProperty("variant", spec.variant().configName());
    result.addProperty("steps", steps);
    result.addProperty("rows", rows);
    String[] keys = {"loss", "l2_loss", "sparsity_loss", "aux_loss", "l0", "num_dead", "grad_norm"};
    JsonArray[] columns = new JsonArray[keys.length];
    for (int i = 0; i < keys.length; i++) {
      columns[i] = new JsonArray();
    }
    Map<String, float[]> finalState;
    try (SaeSession session = new SaeSession(spec, SaeWeights.of(spec, init), threads, threads)) {
      int per = rows * d;
      for (int s = 0; s < steps; s++) {
        float[] x = Arrays.copyOfRange(all, s * per, (s + 1) * per);
        StepMetrics r;
        try (TFloat32 t = Tensors.of(x, rows, d)) {
          r = session.trainStep(t);
        }
        float[] v = {r.loss(), r.l2Loss(), r.sparsityLoss(), r.auxLoss(), r.l0(), r.numDead(), r.gradNorm()};
        for (int i = 0; i < keys.length; i++) {
          columns[i].add(v[i]);
        }
      }
      finalState = session.weights().asMap();
    }
    for (int i = 0; i < keys.length; i++) {
      result.add(keys[i], columns[i]);
    }
    write(Path.of(o.get("out")), new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(result));

    if (o.containsKey("final")) {
      Map<String, long[]> shapes = SaeWeights.expectedShapes(spec);
      Map<String, NamedTensor> out = new LinkedHashMap<>();
      finalState.forEach((name, v) -> out.put(name, NamedTensor.ofFloats(shapes.get(name), v)));
      SafeTensors.write(Path.of(o.get("final")), out, Map.of());
    }
  }

  private static void write(Path file, String text) {
    AtomicFiles.writeString(file, text);
  }
}
