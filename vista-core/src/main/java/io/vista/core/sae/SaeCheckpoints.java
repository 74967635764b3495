package io.vista.core.sae;

import io.vista.core.Provenance;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.CheckpointException;
import io.vista.core.VistaException;
import io.vista.core.internal.compat.LightningCheckpoint;
import io.vista.core.internal.compat.LightningCheckpointReader;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.NamedTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an SAE from any checkpoint the project meets, and writes this project's folder format.
 *
 * <ul>
 *   <li>{@link Provenance.Format#VISTA_FOLDER}: a checkpoint folder written here ({@code cfg.json}
 *       with a {@code vista} object holding every {@link SaeSetting}, {@code
 *       sae_weights.safetensors}, and for training checkpoints {@code optimizer.safetensors} and
 *       {@code trainer_state.json}).
 *   <li>{@link Provenance.Format#SAELENS_FOLDER}: a SAELens folder ({@code cfg.json} with {@code
 *       architecture} -- standard, topk, batchtopk or jumprelu --, {@code d_in}, {@code d_sae},
 *       {@code k}; same weight names). Settings it does not carry take their defaults; jumprelu's
 *       {@code log_threshold} is {@code log(threshold)} when only {@code threshold} is stored.
 *   <li>{@link Provenance.Format#LIGHTNING_CKPT}: a Python VISTA Lightning {@code .ckpt}: {@code
 *       hyper_parameters} (the {@link SaeSetting}s the Python has; missing ones take the Python
 *       constructors' defaults, as {@code build_sae(variant, **hp)} would) and {@code state_dict}
 *       ({@code model.W_enc}, ..., {@code model.log_threshold} for jumprelu).
 * </ul>
 *
 * <p>Only a missing variant, size or tensor (or a shape that contradicts the sizes) is an error,
 * and its message names the file and what was found. Keys that are not settings are ignored and
 * listed in the provenance notes.
 */
final class SaeCheckpoints {
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  /** Keys of the {@code vista} object that are provenance, not settings. */
  static final String CONFIG_KEY = "config";
  static final String CONVERTED_FROM_KEY = "converted_from";

  private SaeCheckpoints() {}

  static SaeModel read(Path path) {
    if (!Files.exists(path)) {
      throw new CheckpointException(path + ": no such checkpoint (expected a checkpoint folder with "
          + CheckpointStore.CFG_FILE + " + " + CheckpointStore.WEIGHTS_FILE + ", or a Lightning .ckpt file)");
    }
    if (Files.isDirectory(path)) {
      if (!CheckpointStore.isCheckpointDir(path)) {
        throw new CheckpointException(path + ": unknown checkpoint format: a folder without "
            + CheckpointStore.CFG_FILE + " and " + CheckpointStore.WEIGHTS_FILE + " (has: " + listing(path) + ")");
      }
      return fromFolder(CheckpointStore.read(path));
    }
    if (!startsWithZipMagic(path)) {
      throw new CheckpointException(path + ": unknown checkpoint format: not a folder and not a PyTorch/Lightning "
          + ".ckpt (zip) file");
    }
    return fromLightning(LightningCheckpointReader.read(path));
  }

  // ------------------------------------------------------------------ folders

  static SaeModel fromFolder(Checkpoint cp) {
    Path cfgFile = cp.dir().resolve(CheckpointStore.CFG_FILE);
    JsonObject cfg = cp.cfg();
    Map<String, Object> notes = new LinkedHashMap<>();
    Map<String, Object> training = new LinkedHashMap<>();
    String resolvedConfig = "";
    SaeSpec spec;
    Provenance.Format format;
    if (cfg.has("vista") && cfg.get("vista").isJsonObject()) {
      format = Provenance.Format.VISTA_FOLDER;
      JsonObject vista = cfg.getAsJsonObject("vista");
      Map<String, Object> hp = jsonToMap(vista);
      if (vista.has(CONFIG_KEY)) {
        resolvedConfig = vista.get(CONFIG_KEY).toString();
      }
      if (vista.has(CONVERTED_FROM_KEY) && vista.get(CONVERTED_FROM_KEY).isJsonObject()) {
        notes.put(CONVERTED_FROM_KEY, jsonToMap(vista.getAsJsonObject(CONVERTED_FROM_KEY)));
      }
      hp.remove(CONFIG_KEY);
      hp.remove(CONVERTED_FROM_KEY);
      spec = specFrom(hp, cfgFile + " (vista)", null, notes);
    } else {
      format = Provenance.Format.SAELENS_FOLDER;
      spec = specFromSaeLens(cfg, cfgFile, cp.weights(), notes);
    }
    if (cp.trainerState() != null) {
      training.putAll(jsonToMap(cp.trainerState()));
    }
    Map<String, float[]> arrays = new LinkedHashMap<>();
    Path weightsFile = cp.dir().resolve(CheckpointStore.WEIGHTS_FILE);
    for (String name : List.of(SaeWeights.W_ENC, SaeWeights.B_ENC, SaeWeights.W_DEC, SaeWeights.B_DEC)) {
      arrays.put(name, tensor(cp.weights(), name, name, expectedShape(spec, name), weightsFile));
    }
    if (spec.variant() == SaeVariant.JUMPRELU) {
      if (cp.weights().containsKey(SaeWeights.LOG_THRESHOLD)) {
        arrays.put(SaeWeights.LOG_THRESHOLD, tensor(cp.weights(), SaeWeights.LOG_THRESHOLD, SaeWeights.LOG_THRESHOLD,
            expectedShape(spec, SaeWeights.LOG_THRESHOLD), weightsFile));
      } else if (cp.weights().containsKey(SaeWeights.THRESHOLD)) {
        float[] t = tensor(cp.weights(), SaeWeights.THRESHOLD, SaeWeights.THRESHOLD,
            expectedShape(spec, SaeWeights.THRESHOLD), weightsFile);
        arrays.put(SaeWeights.LOG_THRESHOLD, logOf(t, weightsFile));
        notes.put("log_threshold", "log(threshold): the folder stores only threshold");
      } else {
        throw new CheckpointException(weightsFile + ": jumprelu needs 'log_threshold' or 'threshold' (found: "
            + cp.weights().keySet() + ")");
      }
    } else if (spec.variant() == SaeVariant.BATCHTOPK && cp.weights().containsKey(SaeWeights.THRESHOLD)) {
      arrays.put(SaeWeights.THRESHOLD, tensor(cp.weights(), SaeWeights.THRESHOLD, SaeWeights.THRESHOLD,
          expectedShape(spec, SaeWeights.THRESHOLD), weightsFile));
    }
    List<String> ignored = new ArrayList<>(cp.weights().keySet());
    ignored.removeAll(SaeWeights.expectedShapes(spec).keySet());
    if (!ignored.isEmpty()) {
      notes.put("ignored_tensors", ignored);
    }
    return SaeModel.of(spec, weights(spec, arrays, weightsFile),
        new Provenance(format, cp.dir(), resolvedConfig, training, notes));
  }

  private static SaeSpec specFromSaeLens(
      JsonObject cfg, Path cfgFile, Map<String, NamedTensor> weights, Map<String, Object> notes) {
    if (!cfg.has("architecture")) {
      throw new CheckpointException(cfgFile + ": unknown checkpoint format: neither a 'vista' object nor a SAELens "
          + "'architecture' (keys: " + cfg.keySet() + ")");
    }
    SaeVariant variant;
    try {
      variant = SaeVariant.fromSaeLensArchitecture(cfg.get("architecture").getAsString());
    } catch (VistaException e) {
      throw new CheckpointException(cfgFile + ": " + e.getMessage(), e);
    }
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put(SaeSetting.VARIANT.key(), variant.configName());
    if (cfg.has("d_in")) {
      hp.put(SaeSetting.INPUT_SIZE.key(), cfg.get("d_in").getAsLong());
    }
    if (cfg.has("d_sae")) {
      hp.put(SaeSetting.HIDDEN_SIZE.key(), cfg.get("d_sae").getAsLong());
    }
    JsonElement k = cfg.get("k");
    if (k == null && cfg.has("activation_fn_kwargs") && cfg.get("activation_fn_kwargs").isJsonObject()) {
      k = cfg.getAsJsonObject("activation_fn_kwargs").get("k");
    }
    if (k != null && !k.isJsonNull()) {
      hp.put(SaeSetting.TOP_K.key(), k.getAsLong());
    }
    return specFrom(hp, cfgFile, weights.get(SaeWeights.W_ENC), notes);
  }

  // ------------------------------------------------------------------ Lightning

  static SaeModel fromLightning(LightningCheckpoint ckpt) {
    Path file = ckpt.file();
    Map<String, Object> notes = new LinkedHashMap<>();
    Map<String, NamedTensor> model = new LinkedHashMap<>();
    ckpt.stateDict().forEach((k, v) -> {
      if (k.startsWith("model.")) {
        model.put(k.substring("model.".length()), v);
      }
    });
    if (model.isEmpty()) {
      throw new CheckpointException(file + ": no 'model.*' keys in state_dict (found: "
          + ckpt.stateDict().keySet().stream().limit(10).toList() + ")");
    }
    SaeSpec spec = specFrom(new LinkedHashMap<>(ckpt.hyperParameters()), file + " hyper_parameters",
        model.get(SaeWeights.W_ENC), notes);
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (String name : List.of(SaeWeights.W_ENC, SaeWeights.B_ENC, SaeWeights.W_DEC, SaeWeights.B_DEC)) {
      arrays.put(name, tensor(model, name, "model." + name, expectedShape(spec, name), file));
    }
    if (spec.variant() == SaeVariant.JUMPRELU) {
      arrays.put(SaeWeights.LOG_THRESHOLD, tensor(model, SaeWeights.LOG_THRESHOLD, "model.log_threshold",
          expectedShape(spec, SaeWeights.LOG_THRESHOLD), file));
    }
    Map<String, Object> training = ckpt.trainingState();
    return SaeModel.of(spec, weights(spec, arrays, file),
        new Provenance(Provenance.Format.LIGHTNING_CKPT, file, "", training, notes));
  }

  // ------------------------------------------------------------------ writing

  /**
   * Writes {@code model} as this project's checkpoint folder through {@link CheckpointStore#write}
   * (atomic): {@code cfg.json} ({@link SaeCfgJson}, plus the resolved config and where a converted
   * model came from), the weights, and optionally optimizer state and trainer state.
   */
  static void write(SaeModel model, Path dir, Map<String, NamedTensor> optimizerState, JsonObject trainerState) {
    SaeSpec spec = model.spec();
    JsonObject cfg = SaeCfgJson.of(spec);
    JsonObject vista = cfg.getAsJsonObject("vista");
    Provenance p = model.provenance();
    if (!p.resolvedConfigJson().isEmpty()) {
      vista.add(CONFIG_KEY, JsonParser.parseString(p.resolvedConfigJson()));
    }
    if (p.format() == Provenance.Format.SAELENS_FOLDER || p.format() == Provenance.Format.LIGHTNING_CKPT) {
      JsonObject from = new JsonObject();
      from.addProperty("format", p.format().label());
      from.addProperty("path", p.source().toAbsolutePath().toString());
      p.notes().forEach((k, v) -> from.addProperty(k, String.valueOf(v)));
      vista.add(CONVERTED_FROM_KEY, from);
    } else if (p.notes().get(CONVERTED_FROM_KEY) instanceof Map<?, ?> earlier) {
      vista.add(CONVERTED_FROM_KEY, new Gson().toJsonTree(earlier));
    }
    Map<String, NamedTensor> tensors = new LinkedHashMap<>();
    SaeWeights w = model.weights();
    for (String name : w.names()) {
      tensors.put(name, NamedTensor.ofFloats(w.shape(name), w.get(name)));
    }
    CheckpointStore.write(dir, cfg, tensors, optimizerState, trainerState);
  }

  // ------------------------------------------------------------------ shared

  /**
   * A spec from settings named as {@link SaeSetting} names them; sizes missing from {@code hp} come
   * from {@code wEnc}'s shape when given, other settings from their defaults; keys that are not
   * settings are listed in {@code notes}.
   */
  static SaeSpec specFrom(Map<String, Object> hp, Object where, NamedTensor wEnc, Map<String, Object> notes) {
    if (hp.get(SaeSetting.VARIANT.key()) == null) {
      throw new CheckpointException(where + ": no 'variant' (found: " + hp.keySet() + ")");
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    hp.forEach((k, v) -> {
      if (SaeSetting.forKey(k) == null) {
        unknown.add(k);
      } else if (v != null) {
        settings.put(k, v);
      }
    });
    if (!unknown.isEmpty()) {
      notes.put("ignored_hyperparameters", unknown);
    }
    size(settings, SaeSetting.INPUT_SIZE.key(), wEnc, 0, where, notes);
    size(settings, SaeSetting.HIDDEN_SIZE.key(), wEnc, 1, where, notes);
    try {
      return SaeSpec.fromSettings(settings, String.valueOf(where));
    } catch (CheckpointException e) {
      throw e;
    } catch (VistaException e) {
      throw new CheckpointException(e.getMessage(), e);
    }
  }

  private static void size(Map<String, Object> settings, String key, NamedTensor wEnc, int axis, Object where,
                           Map<String, Object> notes) {
    if (settings.containsKey(key)) {
      return;
    }
    if (wEnc != null && wEnc.shape().length == 2) {
      notes.put(key, "from the shape of W_enc");
      settings.put(key, wEnc.shape()[axis]);
      return;
    }
    throw new CheckpointException(where + ": no '" + key + "' and no W_enc to read it from (found: "
        + settings.keySet() + ")");
  }

  static long[] expectedShape(SaeSpec spec, String name) {
    return SaeWeights.expectedShapes(spec).get(name);
  }

  /** A named tensor of the expected shape, as float32. */
  private static float[] tensor(Map<String, NamedTensor> tensors, String key, String shownKey, long[] shape,
      Path file) {
    NamedTensor t = tensors.get(key);
    if (t == null) {
      throw new CheckpointException(file + ": missing tensor '" + shownKey + "' (found: " + tensors.keySet() + ")");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new CheckpointException(file + ": tensor '" + shownKey + "' has shape " + Arrays.toString(t.shape())
          + ", expected " + Arrays.toString(shape));
    }
    try {
      return t.toFloats();
    } catch (CheckpointException e) {
      throw new CheckpointException(file + ": tensor '" + shownKey + "': " + e.getMessage(), e);
    }
  }

  private static SaeWeights weights(SaeSpec spec, Map<String, float[]> arrays, Path file) {
    try {
      return SaeWeights.of(spec, arrays);
    } catch (VistaException e) {
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    }
  }

  private static float[] logOf(float[] t, Path file) {
    float[] out = new float[t.length];
    for (int i = 0; i < t.length; i++) {
      if (!(t[i] >= 0)) {
        throw new CheckpointException(file + ": jumprelu threshold[" + i + "] = " + t[i] + " is not >= 0");
      }
      out[i] = (float) Math.log(t[i]);
    }
    return out;
  }

  static Map<String, Object> jsonToMap(JsonObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      if (v.isJsonNull()) {
        continue;
      }
      if (v.isJsonPrimitive()) {
        var p = v.getAsJsonPrimitive();
        m.put(e.getKey(), p.isNumber() ? (Object) p.getAsDouble() : p.isBoolean() ? p.getAsBoolean() : p.getAsString());
      } else if (v.isJsonObject()) {
        m.put(e.getKey(), jsonToMap(v.getAsJsonObject()));
      } else {
        m.put(e.getKey(), v.toString());
      }
    }
    return m;
  }

  private static boolean startsWithZipMagic(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] head = in.readNBytes(4);
      return Arrays.equals(head, ZIP_MAGIC);
    } catch (IOException e) {
      throw new CheckpointException(p + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private static String listing(Path dir) {
    try (var s = Files.list(dir)) {
      List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(10).toList();
      return names.isEmpty() ? "nothing" : String.join(", ", names);
    } catch (IOException e) {
      return "unreadable";
    }
  }
}
