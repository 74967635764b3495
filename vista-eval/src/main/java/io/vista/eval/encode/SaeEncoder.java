package io.vista.eval.encode;

import io.vista.core.internal.graph.Tensors;
import io.vista.core.sae.ForwardOutputs;
import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSpec;
import org.tensorflow.types.TFloat32;

/**
 * Runs an SAE's forward pass on batches of samples, as the Python's {@code model(x)} on one batch of
 * {@code batch_size} samples with tokens flattened into rows.
 *
 * <p>BatchTopK with {@code inference=batch} chooses its active features over the whole batch, so such a batch
 * is encoded in one call. Every other variant treats rows independently; its batch is encoded in sub-batches of
 * whole samples holding at most {@link #MAX_ACTIVATIONS_PER_CALL} activations, which gives the same values with
 * a bounded [rows, m] buffer when T * m is large.
 */
public final class SaeEncoder {
  /** Activations per forward call of a row-independent variant (as {@link SaeModel#encode(float[][])}). */
  public static final long MAX_ACTIVATIONS_PER_CALL = SaeModel.MAX_ACTIVATIONS_PER_CALL;

  /** Receives each encoded (sub-)batch. */
  public interface Sink {
    /**
     * Activations and (if asked for) reconstructions of samples {@code [firstSample, firstSample + samples)} of
     * the batch.
     *
     * @param x the input rows, {@code [samples * T, d]}
     * @param acts {@code [samples * T, m]}
     * @param recon {@code [samples * T, d]}, or null
     */
    void accept(int firstSample, int samples, float[] x, float[] acts, float[] recon);
  }

  private final SaeModel model;
  private final boolean wholeBatch;
  private final long maxActivationsPerCall;

  /** An encoder over a model (not closed here). */
  public SaeEncoder(SaeModel model) {
    this(model, MAX_ACTIVATIONS_PER_CALL);
  }

  /** Package-private for tests: a smaller sub-batch bound. */
  SaeEncoder(SaeModel model, long maxActivationsPerCall) {
    this.model = model;
    SaeSpec spec = model.spec();
    this.wholeBatch = spec.batchDependent();
    this.maxActivationsPerCall = maxActivationsPerCall;
  }

  /** Whether a batch must be encoded in one call (batch-dependent selection). */
  public boolean batchDependent() {
    return wholeBatch;
  }

  /**
   * Encodes one batch of {@code samples * tokens} rows of width d.
   *
   * @param features row-major {@code [samples * tokens, d]}
   */
  public void encode(float[] features, int samples, int tokens, boolean wantRecon, Sink sink) {
    int d = model.spec().dIn();
    long m = model.spec().dSae();
    int per = wholeBatch ? samples : (int) Math.max(1, Math.min(samples, maxActivationsPerCall / (tokens * m)));
    for (int first = 0; first < samples; first += per) {
      int count = Math.min(per, samples - first);
      int rows = count * tokens;
      float[] x = count == samples ? features : java.util.Arrays.copyOfRange(
          features, first * tokens * d, (first + count) * tokens * d);
      float[] acts;
      float[] recon = null;
      try (TFloat32 in = Tensors.of(x, rows, d); ForwardOutputs out = model.forward(in, wantRecon)) {
        acts = Tensors.toArray(out.acts());
        if (wantRecon) {
          recon = Tensors.toArray(out.recon());
        }
      }
      sink.accept(first, count, x, acts, recon);
    }
  }
}
