package io.vista.core.probe;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.CheckpointException;
import io.vista.core.Provenance;
import io.vista.core.VistaException;
import io.vista.core.internal.compat.LightningCheckpoint;
import io.vista.core.internal.compat.LightningCheckpointReader;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.NamedTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes probe checkpoints (see {@link ProbeModel} for the layout). */
final class ProbeCheckpoints {
  static final String ARCHITECTURE = "linear_probe";

  private ProbeCheckpoints() {}

  static ProbeModel read(Path path) {
    if (!Files.exists(path)) {
      throw new CheckpointException(path + ": no such probe checkpoint (expected a folder with "
          + CheckpointStore.CFG_FILE + " + " + CheckpointStore.PROBE_WEIGHTS_FILE + ", or a Lightning .ckpt file)");
    }
    if (Files.isDirectory(path)) {
      return fromFolder(CheckpointStore.read(path));
    }
    return fromLightning(LightningCheckpointReader.read(path));
  }

  static boolean isProbe(Path path) {
    if (Files.isDirectory(path)) {
      Path cfg = path.resolve(CheckpointStore.CFG_FILE);
      if (!Files.isRegularFile(cfg)) {
        return false;
      }
      try {
        JsonElement e = JsonParser.parseString(Files.readString(cfg));
        return e.isJsonObject() && e.getAsJsonObject().has("architecture")
            && ARCHITECTURE.equals(e.getAsJsonObject().get("architecture").getAsString());
      } catch (java.io.IOException | RuntimeException e) {
        return false; // not readable as a probe: the SAE reader reports what is wrong
      }
    }
    if (!Files.isRegularFile(path)) {
      return false;
    }
    try {
      Map<String, Object> hp = LightningCheckpointReader.read(path).hyperParameters();
      return hp.containsKey("input_dim") && !hp.containsKey("variant");
    } catch (RuntimeException e) {
      return false;
    }
  }

  static ProbeModel fromFolder(Checkpoint cp) {
    Path cfgFile = cp.dir().resolve(CheckpointStore.CFG_FILE);
    JsonObject cfg = cp.cfg();
    String arch = cfg.has("architecture") ? cfg.get("architecture").getAsString() : null;
    if (!ARCHITECTURE.equals(arch)) {
      throw new CheckpointException(cfgFile + ": architecture '" + arch + "' is not a linear probe ('"
          + ARCHITECTURE + "')" + ("null".equals(String.valueOf(arch)) ? "" : "; an SAE loads with SaeModel.load"));
    }
    ProbeSpec spec = spec(cfg, cfgFile);
    List<String> trained = new ArrayList<>();
    if (cfg.has("trained_tasks") && cfg.get("trained_tasks").isJsonArray()) {
      cfg.getAsJsonArray("trained_tasks").forEach(e -> trained.add(e.getAsString()));
    } else {
      trained.addAll(spec.taskClasses().keySet());
    }
    Map<String, float[]> weights = weights(spec, cp.weights(), "", cp.dir());
    String config = cfg.has("config") ? cfg.get("config").toString() : "";
    Map<String, Object> training = new LinkedHashMap<>();
    if (cp.trainerState() != null) {
      cp.trainerState().entrySet().forEach(e -> training.put(e.getKey(), value(e.getValue())));
    }
    return wrap(() -> ProbeModel.of(spec, trained, weights,
        new Provenance(Provenance.Format.VISTA_FOLDER, cp.dir(), config, training, Map.of())), cfgFile);
  }

  static ProbeModel fromLightning(LightningCheckpoint ckpt) {
    Path file = ckpt.file();
    Map<String, Object> hp = ckpt.hyperParameters();
    JsonObject cfg = new Gson().toJsonTree(hp).getAsJsonObject();
    ProbeSpec spec = spec(cfg, file);
    Map<String, NamedTensor> model = new LinkedHashMap<>();
    ckpt.stateDict().forEach((k, v) -> {
      if (k.startsWith("model.")) {
        model.put(k.substring("model.".length()), v);
      }
    });
    Map<String, float[]> weights = weights(spec, model, "model.", file);
    Map<String, Object> training = ckpt.trainingState();
    return wrap(() -> ProbeModel.of(spec, List.copyOf(spec.taskClasses().keySet()), weights,
        new Provenance(Provenance.Format.LIGHTNING_CKPT, file, "", training, Map.of())), file);
  }

  /** Writes the folder; {@code optimizerState} and {@code trainerState} only for training checkpoints. */
  static void write(ProbeModel model, Path dir, Map<String, NamedTensor> optimizerState, JsonObject trainerState) {
    ProbeSpec spec = model.spec();
    JsonObject cfg = new JsonObject();
    cfg.addProperty("architecture", ARCHITECTURE);
    cfg.addProperty("input_dim", spec.inputDim());
    spec.taskClasses().forEach((t, c) -> cfg.addProperty(t + "_classes", c));
    cfg.addProperty("learning_rate", spec.learningRate());
    cfg.add("trained_tasks", new Gson().toJsonTree(model.trainedTasks()));
    if (!model.provenance().resolvedConfigJson().isEmpty()) {
      cfg.add("config", JsonParser.parseString(model.provenance().resolvedConfigJson()));
    }
    Map<String, NamedTensor> tensors = new LinkedHashMap<>();
    model.weights().forEach((name, v) -> {
      String task = name.substring(0, name.indexOf("_classifier."));
      int c = spec.taskClasses().get(task);
      long[] shape = name.endsWith(".weight") ? new long[] {c, spec.inputDim()} : new long[] {c};
      tensors.put(name, NamedTensor.ofFloats(shape, v));
    });
    CheckpointStore.write(dir, cfg, CheckpointStore.PROBE_WEIGHTS_FILE, tensors, optimizerState, trainerState);
  }

  private static ProbeSpec spec(JsonObject cfg, Object where) {
    if (!cfg.has("input_dim")) {
      throw new CheckpointException(where + ": no 'input_dim' (found " + cfg.keySet() + ")");
    }
    try {
      Map<String, Integer> classes = new LinkedHashMap<>();
      for (String task : ProbeSpec.TASKS) {
        if (cfg.has(task + "_classes")) {
          classes.put(task, intValue(cfg.get(task + "_classes"), task + "_classes", where));
        }
      }
      double lr = cfg.has("learning_rate") ? cfg.get("learning_rate").getAsDouble() : ProbeSpec.DEFAULT_LEARNING_RATE;
      return new ProbeSpec(intValue(cfg.get("input_dim"), "input_dim", where), classes, lr);
    } catch (CheckpointException e) {
      throw e;
    } catch (VistaException | IllegalStateException | NumberFormatException e) {
      throw new CheckpointException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The heads' arrays by {@link ProbeWeights} name, from tensors named {@code prefix +
   * <task>_classifier.weight} (or, from earlier vista-java folders, {@code <task>.weight}).
   */
  private static Map<String, float[]> weights(ProbeSpec spec, Map<String, NamedTensor> tensors, String prefix,
                                              Path file) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : spec.taskClasses().entrySet()) {
      String task = e.getKey();
      int c = e.getValue();
      out.put(ProbeWeights.weightName(task),
          tensor(tensors, file, new long[] {c, spec.inputDim()}, ProbeWeights.weightName(task), prefix, task + ".weight"));
      out.put(ProbeWeights.biasName(task),
          tensor(tensors, file, new long[] {c}, ProbeWeights.biasName(task), prefix, task + ".bias"));
    }
    return out;
  }

  private static float[] tensor(Map<String, NamedTensor> tensors, Path file, long[] shape, String name,
                                String prefix, String legacyName) {
    NamedTensor t = tensors.get(name);
    if (t == null) {
      t = tensors.get(legacyName);
    }
    if (t == null) {
      throw new CheckpointException(file + ": missing tensor '" + prefix + name + "' (found: "
          + tensors.keySet().stream().limit(12).toList() + ")");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new CheckpointException(file + ": tensor '" + prefix + name + "' has shape "
          + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
    }
    return t.toFloats();
  }

  private static int intValue(JsonElement e, String key, Object where) {
    double d = e.getAsDouble();
    if (d != Math.rint(d)) {
      throw new CheckpointException(where + ": '" + key + "' = " + e + " is not an integer");
    }
    return (int) d;
  }

  private static Object value(JsonElement e) {
    if (e.isJsonPrimitive()) {
      var p = e.getAsJsonPrimitive();
      return p.isNumber() ? (Object) p.getAsDouble() : p.isBoolean() ? p.getAsBoolean() : p.getAsString();
    }
    return e.toString();
  }

  private static ProbeModel wrap(java.util.function.Supplier<ProbeModel> make, Object where) {
    try {
      return make.get();
    } catch (CheckpointException e) {
      throw e;
    } catch (VistaException e) {
      throw new CheckpointException(where + ": " + e.getMessage(), e);
    }
  }
}
