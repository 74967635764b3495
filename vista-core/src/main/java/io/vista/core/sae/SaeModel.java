package io.vista.core.sae;

import io.vista.core.Provenance;
import io.vista.core.VistaException;
import io.vista.core.internal.graph.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.tensorflow.types.TFloat32;

/**
 * A trained sparse autoencoder as an immutable object: what it is ({@link SaeSpec}), its
 * parameters ({@link SaeWeights}) and where it came from ({@link Provenance}). Loads any checkpoint
 * the VISTA world produces and encodes plain Java arrays; no TensorFlow type is needed.
 *
 * <pre>{@code
 * try (SaeModel sae = SaeModel.load(Path.of("runs/x/best"))) {   // vista folder, SAELens folder or VISTA .ckpt
 *   float[][] latents = sae.encode(rows);                         // [rows][d] -> [rows][m]
 *   sae.save(Path.of("exported"));                                // atomic; SAELens-compatible cfg.json
 * }
 * }</pre>
 *
 * <p><b>Inference graph.</b> The first encode/decode builds a small inference-only TensorFlow graph
 * (weights and the encoder/decoder; no gradients, no optimizer state) and keeps it until {@link
 * #close()}. Calls are serialised; the model's values never change. Closing only releases that
 * graph: a closed model can still be saved or encode again (which rebuilds it).
 *
 * <p><b>BatchTopK is batch-dependent.</b> With {@code inference = batch} (the Python's behaviour
 * and the default) a BatchTopK SAE keeps the top {@code k * rows} activations of <em>all rows
 * passed in one call</em>, so a row's latents depend on the rows encoded with it: {@link
 * #encode(float[][])} treats its argument as one batch, and {@link #encode(Stream)} each element as
 * one batch. {@code withInference("threshold")} gives the batch-independent model that uses the
 * running threshold learnt in training ({@link SaeSpec#batchDependent()} tells which one you hold).
 * Every other variant encodes rows independently; large inputs are then split internally into
 * sub-batches of at most {@link #MAX_ACTIVATIONS_PER_CALL} activations.
 */
public final class SaeModel implements AutoCloseable {
  /** Activations per TensorFlow call of a row-independent model (64 MB of float32). */
  public static final long MAX_ACTIVATIONS_PER_CALL = 1L << 24;

  private final SaeSpec spec;
  private final SaeWeights weights;
  private final Provenance provenance;
  private final int intraOpThreads;
  private final int interOpThreads;
  private SaeInference inference; // guarded by this

  private SaeModel(SaeSpec spec, SaeWeights weights, Provenance provenance) {
    this(spec, weights, provenance, 0, 0);
  }

  private SaeModel(SaeSpec spec, SaeWeights weights, Provenance provenance, int intraOpThreads,
                   int interOpThreads) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.weights = Objects.requireNonNull(weights, "weights");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new VistaException("thread counts must be >= 0 (0 = TensorFlow's choice)");
    }
    this.intraOpThreads = intraOpThreads;
    this.interOpThreads = interOpThreads;
    if (!SaeWeights.expectedShapes(spec).keySet().equals(weights.names())) {
      throw new VistaException("weights " + weights.names() + " do not fit a " + spec.variant() + " SAE "
          + SaeWeights.expectedShapes(spec).keySet());
    }
    for (String name : weights.names()) {
      if (!java.util.Arrays.equals(weights.shape(name), SaeWeights.expectedShapes(spec).get(name))) {
        throw new VistaException("weight '" + name + "' has shape " + java.util.Arrays.toString(weights.shape(name))
            + ", the spec needs " + java.util.Arrays.toString(SaeWeights.expectedShapes(spec).get(name)));
      }
    }
  }

  /** A model from a spec and weights built for it (e.g. {@link SaeWeights#of}). */
  public static SaeModel of(SaeSpec spec, SaeWeights weights) {
    return new SaeModel(spec, weights, Provenance.inMemory());
  }

  /** As {@link #of(SaeSpec, SaeWeights)} with a provenance. */
  public static SaeModel of(SaeSpec spec, SaeWeights weights, Provenance provenance) {
    return new SaeModel(spec, weights, provenance);
  }

  /**
   * Reads a checkpoint: a vista-java checkpoint folder, a SAELens folder ({@code cfg.json} +
   * {@code sae_weights.safetensors}; settings SAELens does not carry take the Python VISTA
   * defaults) or a Python VISTA Lightning {@code .ckpt} (read by a restricted unpickler that
   * executes and instantiates nothing from the file; the Python BatchTopK has no running
   * threshold, so such a model encodes per batch).
   *
   * @throws io.vista.core.CheckpointException naming the path and what is missing or malformed
   */
  public static SaeModel load(Path path) {
    return SaeCheckpoints.read(path);
  }

  /**
   * Writes this model as a vista-java checkpoint folder, atomically (a temporary folder swapped in
   * by rename; a crash leaves the old folder or the new one): a SAELens-style {@code cfg.json}
   * whose {@code vista} object holds every {@link SaeSetting} and the provenance, and float32
   * {@code sae_weights.safetensors} with SAELens's names. No optimizer state: see {@link
   * io.vista.core.train.SaeTrainer#saveCheckpoint(Path)} for a checkpoint training can resume from.
   */
  public void save(Path dir) {
    SaeCheckpoints.write(this, dir, null, null);
  }

  /** Variant, sizes and hyper-parameters. */
  public SaeSpec spec() {
    return spec;
  }

  /** The parameters (immutable). */
  public SaeWeights weights() {
    return weights;
  }

  /** Where the model came from. */
  public Provenance provenance() {
    return provenance;
  }

  /**
   * The same model with another batchtopk inference mode: {@code batch} (top k*rows over each
   * call, as in training and the Python) or {@code threshold} (the running threshold; batch
   * independent). Jumprelu accepts both (it always uses its learned threshold).
   */
  public SaeModel withInference(String mode) {
    if (mode.equals(spec.inference())) {
      return this;
    }
    return new SaeModel(spec.toBuilder().inference(mode).build(), weights, provenance, intraOpThreads,
        interOpThreads);
  }

  /**
   * The same model whose inference graph runs with these TensorFlow thread pools (0 = TensorFlow's
   * choice, the default). The returned model has its own graph: close it too.
   */
  public SaeModel withThreads(int intraOp, int interOp) {
    return new SaeModel(spec, weights, provenance, intraOp, interOp);
  }

  /** Latents [rows][m] of {@code rows} [rows][d] (see the class comment for BatchTopK). */
  public float[][] encode(float[][] rows) {
    return run(rows, false)[0];
  }

  /** Reconstructions [rows][d] of {@code rows} [rows][d]: decode(encode(rows)). */
  public float[][] reconstruct(float[][] rows) {
    return run(rows, true)[1];
  }

  /** {@code codes W_dec + b_dec}: [rows][m] latents to [rows][d]. */
  public float[][] decode(float[][] codes) {
    int m = spec.dSae();
    if (codes.length == 0) {
      return new float[0][];
    }
    float[] flat = flatten(codes, m, "codes");
    float[] out;
    synchronized (this) {
      try (TFloat32 in = Tensors.of(flat, codes.length, m); TFloat32 r = session().decode(in)) {
        out = Tensors.toArray(r);
      }
    }
    return unflatten(out, codes.length, spec.dIn());
  }

  /**
   * Encodes a stream of batches lazily, one element of the result per element of {@code batches}
   * (each one batch for BatchTopK): for inputs larger than memory, e.g. read batch by batch from a
   * {@link io.vista.core.data.BatchIterator}.
   */
  public Stream<float[][]> encode(Stream<float[][]> batches) {
    return batches.map(this::encode);
  }

  /**
   * TensorFlow-typed forward pass: activations [rows, m] of {@code x} [rows, d] and, if {@code
   * wantRecon}, the reconstruction [rows, d]. The whole tensor is one batch. The caller closes the
   * result.
   */
  public ForwardOutputs forward(TFloat32 x, boolean wantRecon) {
    synchronized (this) {
      return session().forward(x, wantRecon);
    }
  }

  /** TensorFlow-typed {@link #encode(float[][])}: [rows, d] to [rows, m]; the caller closes it. */
  public TFloat32 encode(TFloat32 x) {
    ForwardOutputs out = forward(x, false);
    return out.acts();
  }

  /** TensorFlow-typed {@link #decode(float[][])}: [rows, m] to [rows, d]; the caller closes it. */
  public TFloat32 decode(TFloat32 codes) {
    synchronized (this) {
      return session().decode(codes);
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

  @Override
  public String toString() {
    return "SaeModel[" + spec.variant() + " " + spec.dIn() + "x" + spec.dSae()
        + (provenance.source() == null ? "" : ", from " + provenance.source()) + "]";
  }

  private SaeInference session() {
    if (inference == null) {
      inference = new SaeInference(spec, weights, intraOpThreads, interOpThreads);
    }
    return inference;
  }

  /** [0] latents, [1] reconstructions (if asked for), encoded in sub-batches when rows are independent. */
  private float[][][] run(float[][] rows, boolean wantRecon) {
    int n = rows.length;
    int d = spec.dIn();
    int m = spec.dSae();
    float[][] acts = new float[n][];
    float[][] recon = wantRecon ? new float[n][] : null;
    if (n == 0) {
      return new float[][][] {acts, recon};
    }
    int per = spec.batchDependent() ? n : (int) Math.max(1, Math.min(n, MAX_ACTIVATIONS_PER_CALL / m));
    for (int first = 0; first < n; first += per) {
      int count = Math.min(per, n - first);
      float[] flat = flatten(java.util.Arrays.copyOfRange(rows, first, first + count), d, "rows");
      synchronized (this) {
        try (TFloat32 in = Tensors.of(flat, count, d); ForwardOutputs out = session().forward(in, wantRecon)) {
          float[] a = Tensors.toArray(out.acts());
          float[] r = wantRecon ? Tensors.toArray(out.recon()) : null;
          for (int i = 0; i < count; i++) {
            acts[first + i] = java.util.Arrays.copyOfRange(a, i * m, (i + 1) * m);
            if (wantRecon) {
              recon[first + i] = java.util.Arrays.copyOfRange(r, i * d, (i + 1) * d);
            }
          }
        }
      }
    }
    return new float[][][] {acts, recon};
  }

  private static float[] flatten(float[][] rows, int width, String what) {
    float[] flat = new float[Math.multiplyExact(rows.length, width)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != width) {
        throw new VistaException(what + "[" + i + "] has " + (rows[i] == null ? "no" : rows[i].length)
            + " values, expected " + width);
      }
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }

  private static float[][] unflatten(float[] flat, int rows, int width) {
    float[][] out = new float[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return out;
  }
}
