package io.vista.core.probe;

import io.vista.core.Provenance;
import io.vista.core.VistaException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained multi-task linear probe (the Python {@code LinearProbe}: one independent linear head
 * per task over a shared input) as an immutable object.
 *
 * <pre>{@code
 * try (ProbeModel probe = ProbeModel.load(Path.of("runs/probe/best"))) {   // folder or VISTA .ckpt
 *   ProbeModel.Prediction p = probe.predict(features);                       // [n][input_dim]
 *   int[] race = p.classes().get("race");                                    // FairFace race index per row
 * }
 * }</pre>
 *
 * <p><b>Checkpoint layout</b> ({@link #save}): {@code cfg.json} ({@code architecture:
 * linear_probe}, {@code input_dim}, {@code <task>_classes}, {@code learning_rate}, {@code
 * trained_tasks}, the resolved run config) and {@code probe_weights.safetensors} holding float32
 * {@code <task>_classifier.weight [C, d]} and {@code <task>_classifier.bias [C]}: the Python
 * {@code LinearProbe}'s own parameter names, so {@code
 * probe.load_state_dict(safetensors.torch.load_file("probe_weights.safetensors"))} loads it in
 * Python (the mapping is the identity; a Lightning {@code .ckpt} adds the prefix {@code model.}).
 * Checkpoints of earlier vista-java releases ({@code sae_weights.safetensors} with {@code
 * age.weight}, ...) are read too.
 *
 * <p>The first {@link #predict} builds a small inference graph kept until {@link #close()}.
 */
public final class ProbeModel implements AutoCloseable {
  /**
   * Per trained task: the arg-max class of each row and the softmax probabilities over the classes.
   *
   * @param classes task to class index per row
   * @param probabilities task to [rows][classes] probabilities
   */
  public record Prediction(Map<String, int[]> classes, Map<String, float[][]> probabilities) {}

  private final ProbeSpec spec;
  private final List<String> trainedTasks;
  private final Map<String, float[]> weights;
  private final Provenance provenance;
  private ProbeInference inference; // guarded by this

  private ProbeModel(ProbeSpec spec, List<String> trainedTasks, Map<String, float[]> weights, Provenance provenance) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.trainedTasks = List.copyOf(trainedTasks);
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    if (this.trainedTasks.isEmpty()) {
      throw new VistaException("a probe needs at least one trained task (of " + spec.taskClasses().keySet() + ")");
    }
    Map<String, float[]> w = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : spec.taskClasses().entrySet()) {
      String task = e.getKey();
      int c = e.getValue();
      w.put(ProbeWeights.weightName(task), checked(weights, ProbeWeights.weightName(task), (long) c * spec.inputDim()));
      w.put(ProbeWeights.biasName(task), checked(weights, ProbeWeights.biasName(task), c));
    }
    for (String t : this.trainedTasks) {
      if (!spec.taskClasses().containsKey(t)) {
        throw new VistaException("trained task '" + t + "' is not one of " + spec.taskClasses().keySet());
      }
    }
    this.weights = Collections.unmodifiableMap(w);
  }

  /**
   * A probe from weights named as {@link ProbeWeights} names them (every head of {@code spec});
   * {@code trainedTasks} are the heads that were trained and that {@link #predict} reports.
   */
  public static ProbeModel of(ProbeSpec spec, List<String> trainedTasks, Map<String, float[]> weights,
                              Provenance provenance) {
    return new ProbeModel(spec, trainedTasks, weights, provenance);
  }

  /**
   * Reads a probe checkpoint folder written here, or a Python VISTA Lightning {@code .ckpt} of a
   * {@code ProbeModule} ({@code hyper_parameters} input_dim, age/gender/race_classes,
   * learning_rate; {@code state_dict} {@code model.<task>_classifier.weight/bias}).
   *
   * @throws io.vista.core.CheckpointException naming the path and what is missing or malformed
   */
  public static ProbeModel load(Path path) {
    return ProbeCheckpoints.read(path);
  }

  /**
   * Whether {@code path} holds a probe rather than an SAE: a folder whose {@code cfg.json} says
   * {@code architecture: linear_probe}, or a Lightning {@code .ckpt} of a {@code ProbeModule}
   * ({@code hyper_parameters} with {@code input_dim} and no {@code variant}).
   */
  public static boolean isProbeCheckpoint(Path path) {
    return ProbeCheckpoints.isProbe(path);
  }

  /** Writes the checkpoint folder described in the class comment, atomically (no optimizer state). */
  public void save(Path dir) {
    ProbeCheckpoints.write(this, dir, null, null);
  }

  /** Input width and classes per task. */
  public ProbeSpec spec() {
    return spec;
  }

  /** The heads that were trained, in head order. */
  public List<String> trainedTasks() {
    return trainedTasks;
  }

  /** Every head's weights and biases by {@link ProbeWeights} name (copies). */
  public Map<String, float[]> weights() {
    Map<String, float[]> out = new LinkedHashMap<>();
    weights.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** Where the probe came from. */
  public Provenance provenance() {
    return provenance;
  }

  /** Class indices and probabilities of every trained task for {@code rows} [n][input_dim]. */
  public Prediction predict(float[][] rows) {
    int d = spec.inputDim();
    float[] flat = new float[Math.multiplyExact(rows.length, d)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != d) {
        throw new VistaException("rows[" + i + "] has " + (rows[i] == null ? "no" : rows[i].length)
            + " values, expected input_dim = " + d);
      }
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    if (rows.length == 0) {
      Map<String, int[]> c = new LinkedHashMap<>();
      Map<String, float[][]> p = new LinkedHashMap<>();
      trainedTasks.forEach(t -> {
        c.put(t, new int[0]);
        p.put(t, new float[0][]);
      });
      return new Prediction(c, p);
    }
    synchronized (this) {
      if (inference == null) {
        inference = new ProbeInference(spec, trainedTasks, weights);
      }
      return inference.predict(flat, rows.length);
    }
  }

  /** Releases the inference graph (if built). The model stays usable. */
  @Override
  public synchronized void close() {
    if (inference != null) {
      inference.close();
      inference = null;
    }
  }

  private static float[] checked(Map<String, float[]> weights, String name, long n) {
    float[] v = weights.get(name);
    if (v == null) {
      throw new VistaException("probe weights need '" + name + "'; got " + weights.keySet());
    }
    if (v.length != n) {
      throw new VistaException("probe weight '" + name + "' has " + v.length + " values, expected " + n);
    }
    return Arrays.copyOf(v, v.length);
  }
}
