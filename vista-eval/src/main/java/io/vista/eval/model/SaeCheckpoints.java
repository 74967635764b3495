package io.vista.eval.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.CheckpointException;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.compat.LightningCheckpoint;
import io.vista.core.internal.compat.LightningCheckpointReader;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.sae.SaeCfgJson;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import io.vista.core.VistaException;
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
 * Loads an SAE from any checkpoint the project meets, and writes this project's format.
 *
 * <ul>
 *   <li>{@link #FOLDER}: a checkpoint folder written by vista-train ({@code cfg.json} with a {@code vista} object
 *       holding every hyperparameter, {@code sae_weights.safetensors}).
 *   <li>{@link #SAELENS}: a SAELens folder ({@code cfg.json} with {@code architecture} -- standard, topk,
 *       batchtopk or jumprelu --, {@code d_in}, {@code d_sae}, {@code k}; same weight names). Hyperparameters
 *       it does not carry take the Python VISTA defaults; jumprelu's {@code log_threshold} is
 *       {@code log(threshold)} when only {@code threshold} is stored.
 *   <li>{@link #LIGHTNING}: a Python VISTA Lightning {@code .ckpt}: {@code hyper_parameters} (variant,
 *       input_size, hidden_size, top_k, top_k_aux, aux_penalty, n_batches_to_dead, l1_coeff, l0_coeff,
 *       bandwidth, learning_rate; missing ones take the Python model's constructor defaults, as
 *       {@code build_sae(variant, **hp)} would) and {@code state_dict} ({@code model.W_enc}, {@code model.b_enc},
 *       {@code model.W_dec}, {@code model.b_dec}, {@code model.log_threshold} for jumprelu). The Python
 *       BatchTopK has no running threshold, so such a model encodes per batch ({@code inference=batch}).
 * </ul>
 *
 * <p>Only a missing variant, size or tensor (or a shape that contradicts the sizes) is an error, and its message
 * names what was found. Hyperparameters the loader does not know are ignored and listed in
 * {@link LoadedSae#notes()}.
 */
public final class SaeCheckpoints {
  /** This project's checkpoint folder (vista-train). */
  public static final String FOLDER = "vista-folder";
  /** A SAELens folder without VISTA's hyperparameters. */
  public static final String SAELENS = "saelens-folder";
  /** A Python VISTA Lightning {@code .ckpt}. */
  public static final String LIGHTNING = "lightning-ckpt";

  /** The hyperparameter keys of the Python VISTA SAE (and of the {@code vista} object of cfg.json). */
  static final List<String> KNOWN_KEYS = List.of("variant", "input_size", "hidden_size", "learning_rate", "top_k",
      "top_k_aux", "aux_penalty", "n_batches_to_dead", "l1_coeff", "l0_coeff", "bandwidth", "inference",
      "threshold_momentum", "sparse_decoder");

  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private SaeCheckpoints() {}

  /**
   * Reads {@code path}: a checkpoint folder (vista or SAELens) or a Lightning {@code .ckpt} file.
   *
   * @throws CheckpointException naming the path and what is missing or unrecognised
   */
  public static LoadedSae load(Path path) {
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

  /** An SAE from a checkpoint folder read by {@link CheckpointStore#read}. */
  public static LoadedSae fromFolder(Checkpoint cp) {
    Path cfgFile = cp.dir().resolve(CheckpointStore.CFG_FILE);
    JsonObject cfg = cp.cfg();
    Map<String, Object> notes = new LinkedHashMap<>();
    SaeSpec spec;
    String format;
    if (cfg.has("vista") && cfg.get("vista").isJsonObject()) {
      format = FOLDER;
      Map<String, Object> hp = jsonToMap(cfg.getAsJsonObject("vista"));
      hp.remove("config"); // the resolved run configuration, kept for provenance only
      hp.remove("converted_from");
      spec = specFrom(hp, cfgFile + " (vista)", null, notes);
    } else {
      format = SAELENS;
      spec = specFromSaeLens(cfg, cfgFile, cp.weights(), notes);
    }
    Map<String, float[]> arrays = new LinkedHashMap<>();
    Path weightsFile = cp.dir().resolve(CheckpointStore.WEIGHTS_FILE);
    for (String name : List.of(SaeWeights.W_ENC, SaeWeights.B_ENC, SaeWeights.W_DEC, SaeWeights.B_DEC)) {
      arrays.put(name, tensor(cp.weights(), name, name, expectedShape(spec, name), weightsFile));
    }
    if (spec.variant().equals("jumprelu")) {
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
    } else if (spec.variant().equals("batchtopk") && cp.weights().containsKey(SaeWeights.THRESHOLD)) {
      arrays.put(SaeWeights.THRESHOLD, tensor(cp.weights(), SaeWeights.THRESHOLD, SaeWeights.THRESHOLD,
          expectedShape(spec, SaeWeights.THRESHOLD), weightsFile));
    }
    List<String> ignored = new ArrayList<>(cp.weights().keySet());
    ignored.removeAll(SaeWeights.expectedShapes(spec).keySet());
    if (!ignored.isEmpty()) {
      notes.put("ignored_tensors", ignored);
    }
    return new LoadedSae(spec, weights(spec, arrays, weightsFile), format, cp.dir(), notes);
  }

  private static SaeSpec specFromSaeLens(
      JsonObject cfg, Path cfgFile, Map<String, NamedTensor> weights, Map<String, Object> notes) {
    if (!cfg.has("architecture")) {
      throw new CheckpointException(cfgFile + ": unknown checkpoint format: neither a 'vista' object nor a SAELens "
          + "'architecture' (keys: " + cfg.keySet() + ")");
    }
    String architecture = cfg.get("architecture").getAsString();
    String variant = switch (architecture) {
      case "standard", "vanilla" -> "vanilla";
      case "topk", "batchtopk", "jumprelu" -> architecture;
      default -> throw new CheckpointException(cfgFile + ": architecture '" + architecture
          + "' is not one of standard, topk, batchtopk, jumprelu");
    };
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("variant", variant);
    if (cfg.has("d_in")) {
      hp.put("input_size", cfg.get("d_in").getAsLong());
    }
    if (cfg.has("d_sae")) {
      hp.put("hidden_size", cfg.get("d_sae").getAsLong());
    }
    JsonElement k = cfg.get("k");
    if (k == null && cfg.has("activation_fn_kwargs") && cfg.get("activation_fn_kwargs").isJsonObject()) {
      k = cfg.getAsJsonObject("activation_fn_kwargs").get("k");
    }
    if (k != null && !k.isJsonNull()) {
      hp.put("top_k", k.getAsLong());
    }
    return specFrom(hp, cfgFile, weights.get(SaeWeights.W_ENC), notes);
  }

  // ------------------------------------------------------------------ Lightning

  /** An SAE from a Python VISTA Lightning checkpoint. */
  public static LoadedSae fromLightning(LightningCheckpoint ckpt) {
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
          + first(ckpt.stateDict().keySet(), 10) + ")");
    }
    SaeSpec spec = specFrom(new LinkedHashMap<>(ckpt.hyperParameters()), file + " hyper_parameters",
        model.get(SaeWeights.W_ENC), notes);
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (String name : List.of(SaeWeights.W_ENC, SaeWeights.B_ENC, SaeWeights.W_DEC, SaeWeights.B_DEC)) {
      arrays.put(name, tensor(model, name, "model." + name, expectedShape(spec, name), file));
    }
    if (spec.variant().equals("jumprelu")) {
      arrays.put(SaeWeights.LOG_THRESHOLD, tensor(model, SaeWeights.LOG_THRESHOLD, "model.log_threshold",
          expectedShape(spec, SaeWeights.LOG_THRESHOLD), file));
    }
    Object epoch = ckpt.other().get("epoch");
    Object step = ckpt.other().get("global_step");
    if (epoch != null) {
      notes.put("epoch", epoch);
    }
    if (step != null) {
      notes.put("global_step", step);
    }
    return new LoadedSae(spec, weights(spec, arrays, file), LIGHTNING, file, notes);
  }

  // ------------------------------------------------------------------ writing

  /**
   * Writes {@code sae} as this project's checkpoint folder (atomically, via {@link CheckpointStore#write}): a
   * SAELens-style {@code cfg.json} ({@code architecture}, {@code d_in}, {@code d_sae}, {@code k}, ...) with a
   * {@code vista} object holding every hyperparameter and where the model came from, and float32
   * {@code sae_weights.safetensors}: {@code W_enc [d, m]}, {@code b_enc [m]}, {@code W_dec [m, d]},
   * {@code b_dec [d]}, plus {@code log_threshold} and {@code threshold = exp(log_threshold)} for jumprelu and the
   * running {@code threshold} for batchtopk (unset, -1, for a Python model).
   */
  public static void write(LoadedSae sae, Path dir) {
    SaeSpec spec = sae.spec();
    JsonObject cfg = SaeCfgJson.of(spec);
    JsonObject vista = cfg.getAsJsonObject("vista");
    JsonObject from = new JsonObject();
    from.addProperty("format", sae.format());
    from.addProperty("path", sae.source().toAbsolutePath().toString());
    sae.notes().forEach((k, v) -> from.addProperty(k, String.valueOf(v)));
    vista.add("converted_from", from);
    Map<String, NamedTensor> tensors = new LinkedHashMap<>();
    SaeWeights w = sae.weights();
    for (String name : w.names()) {
      tensors.put(name, NamedTensor.ofFloats(w.shape(name), w.get(name)));
    }
    CheckpointStore.write(dir, cfg, tensors, null, null);
  }

  // ------------------------------------------------------------------ shared

  /**
   * A spec from Python-named hyperparameters; sizes missing from {@code hp} come from {@code wEnc}'s shape when
   * given, everything else from the Python defaults.
   */
  static SaeSpec specFrom(Map<String, Object> hp, Object where, NamedTensor wEnc, Map<String, Object> notes) {
    Object variant = hp.get("variant");
    if (variant == null) {
      throw new CheckpointException(where + ": no 'variant' (found: " + hp.keySet() + ")");
    }
    int dIn = size(hp, "input_size", wEnc, 0, where, notes);
    int dSae = size(hp, "hidden_size", wEnc, 1, where, notes);
    SaeSpec.Builder b = SaeSpec.builder(variant.toString(), dIn, dSae);
    List<String> defaulted = new ArrayList<>();
    for (String key : List.of("top_k", "top_k_aux", "aux_penalty", "n_batches_to_dead", "l1_coeff", "l0_coeff",
        "bandwidth", "inference", "threshold_momentum", "learning_rate", "sparse_decoder")) {
      Object v = hp.get(key);
      if (v == null) {
        defaulted.add(key);
        continue;
      }
      switch (key) {
        case "top_k" -> b.topK(intValue(v, key, where));
        case "top_k_aux" -> b.topKAux(intValue(v, key, where));
        case "aux_penalty" -> b.auxPenalty(doubleValue(v, key, where));
        case "n_batches_to_dead" -> b.nBatchesToDead(intValue(v, key, where));
        case "l1_coeff" -> b.l1Coeff(doubleValue(v, key, where));
        case "l0_coeff" -> b.l0Coeff(doubleValue(v, key, where));
        case "bandwidth" -> b.bandwidth(doubleValue(v, key, where));
        case "inference" -> b.inference(v.toString());
        case "threshold_momentum" -> b.thresholdMomentum(doubleValue(v, key, where));
        case "learning_rate" -> b.learningRate(doubleValue(v, key, where));
        default -> b.sparseDecoder(v.toString());
      }
    }
    List<String> unknown = new ArrayList<>(hp.keySet());
    unknown.removeAll(KNOWN_KEYS);
    if (!unknown.isEmpty()) {
      notes.put("ignored_hyperparameters", unknown);
    }
    try {
      return b.build();
    } catch (VistaException e) {
      throw new CheckpointException(where + ": " + e.getMessage(), e);
    }
  }

  private static int size(Map<String, Object> hp, String key, NamedTensor wEnc, int axis, Object where,
      Map<String, Object> notes) {
    Object v = hp.get(key);
    if (v != null) {
      return intValue(v, key, where);
    }
    if (wEnc != null && wEnc.shape().length == 2) {
      notes.put(key, "from the shape of W_enc");
      return Math.toIntExact(wEnc.shape()[axis]);
    }
    throw new CheckpointException(where + ": no '" + key + "' and no W_enc to read it from (found: " + hp.keySet()
        + ")");
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

  private static int intValue(Object v, String key, Object where) {
    double d = doubleValue(v, key, where);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new CheckpointException(where + ": '" + key + "' = " + v + " is not an integer");
    }
    return (int) d;
  }

  private static double doubleValue(Object v, String key, Object where) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean) {
      throw new CheckpointException(where + ": '" + key + "' = " + v + " is not a number");
    }
    try {
      return Double.parseDouble(v.toString());
    } catch (NumberFormatException e) {
      throw new CheckpointException(where + ": '" + key + "' = '" + v + "' is not a number");
    }
  }

  private static Map<String, Object> jsonToMap(JsonObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      if (v.isJsonNull()) {
        continue;
      }
      if (v.isJsonPrimitive()) {
        var p = v.getAsJsonPrimitive();
        m.put(e.getKey(), p.isNumber() ? (Object) p.getAsDouble() : p.isBoolean() ? p.getAsBoolean() : p.getAsString());
      } else {
        m.put(e.getKey(), v);
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

  private static List<String> first(java.util.Collection<String> keys, int n) {
    return keys.stream().limit(n).toList();
  }
}
