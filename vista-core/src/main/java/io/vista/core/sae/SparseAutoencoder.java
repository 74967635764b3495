package io.vista.core.sae;

import io.vista.core.VistaException;
import io.vista.core.internal.graph.StraightThrough;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The shared part of the four SAE variants (Python {@code BaseSAE}): the ReLU encoder, the
 * decoder, the reconstruction loss, L0, the dead-feature tracker and the AuxK loss. A variant
 * supplies only its activation function and sparsity penalty ({@link #activate}) and says whether
 * it uses AuxK.
 *
 * <p>Shapes: {@code x} [rows, d]; {@code W_enc} [d, m]; {@code b_enc} [m]; {@code W_dec} [m, d];
 * {@code b_dec} [d]. Builders are stateless functions of {@code Ops} and the values read from the
 * variables ({@link Params}); they never run anything.
 *
 * <pre>
 *   z     = (x - b_dec) W_enc + b_enc
 *   pre   = ReLU(z)
 *   acts  = variant(pre)
 *   recon = acts W_dec + b_dec
 *   loss  = mean((recon - x)^2) + sparsity + aux
 *   l0    = mean over rows of #(acts &gt; 0)
 * </pre>
 */
abstract class SparseAutoencoder {
  /** Name of the dead-feature counter state ({@code num_batches_not_active}, as the Python). */
  public static final String DEAD_COUNTER = "num_batches_not_active";

  /** What a graph is built for. */
  public enum Mode {
    /** A training step: batch statistics update state (dead tracker, running threshold). */
    TRAIN,
    /** Evaluation or encoding: reads state, never changes it. */
    EVAL
  }

  /** The current values of parameters and state, by their state names. */
  public record Params(Map<String, Operand<TFloat32>> values) {
    /** The named value. */
    public Operand<TFloat32> get(String name) {
      Operand<TFloat32> v = values.get(name);
      if (v == null) {
        throw new VistaException(
            "graph has no value named '" + name + "'; have " + values.keySet());
      }
      return v;
    }

    /** {@code W_enc} [d, m]. */
    public Operand<TFloat32> wEnc() {
      return get(SaeWeights.W_ENC);
    }

    /** {@code b_enc} [m]. */
    public Operand<TFloat32> bEnc() {
      return get(SaeWeights.B_ENC);
    }

    /** {@code W_dec} [m, d]. */
    public Operand<TFloat32> wDec() {
      return get(SaeWeights.W_DEC);
    }

    /** {@code b_dec} [d]. */
    public Operand<TFloat32> bDec() {
      return get(SaeWeights.B_DEC);
    }
  }

  /**
   * The encoder output before the ReLU, {@code z = (x - b_dec) W_enc + b_enc} [rows, m], with the
   * ReLU'd {@code pre = ReLU(z)} built on first use. Variants whose selection implies {@code z >
   * 0} (topk, batchtopk, jumprelu) apply their mask to {@code z} directly: {@code z * mask} equals
   * {@code pre * mask} in value and gradient, and skipping the ReLU saves two passes over a
   * [rows, m] tensor (forward and backward).
   */
  public static final class Encoded {
    private final Operand<TFloat32> z;
    private final Operand<TFloat32> centred;
    private Operand<TFloat32> pre;

    Encoded(Operand<TFloat32> z, Operand<TFloat32> centred) {
      this.z = z;
      this.centred = centred;
    }

    /** {@code z}, before the ReLU. */
    public Operand<TFloat32> z() {
      return z;
    }

    /** {@code ReLU(z)} (one op, created on the first call). */
    public Operand<TFloat32> pre(Ops tf) {
      if (pre == null) {
        pre = tf.nn.relu(z);
      }
      return pre;
    }
  }

  /**
   * A variant's activations and sparsity penalty, new values for its own state (applied by a
   * training step only), and optionally the per-feature count of rows with {@code acts > 0} [m]
   * when the variant has it at hand (else the base class counts).
   */
  public record Activation(
      Operand<TFloat32> acts,
      Operand<TFloat32> sparsityLoss,
      Map<String, Operand<TFloat32>> stateUpdates,
      Operand<TFloat32> activeCounts) {}

  /**
   * The forward graph and its losses. {@code deadCounter} is the tracker after this batch in
   * {@link Mode#TRAIN} (the value to store), the current one in {@link Mode#EVAL}; {@code numDead}
   * and the AuxK loss use it.
   */
  public record Forward(
      Operand<TFloat32> z,
      Operand<TFloat32> acts,
      Operand<TFloat32> recon,
      Operand<TFloat32> loss,
      Operand<TFloat32> l2Loss,
      Operand<TFloat32> sparsityLoss,
      Operand<TFloat32> auxLoss,
      Operand<TFloat32> l0,
      Operand<TFloat32> numDead,
      Operand<TFloat32> sumSquaredError,
      Operand<TFloat32> deadCounter,
      Map<String, Operand<TFloat32>> stateUpdates) {}

  /**
   * The smallest positive float: {@code z >= max(cut, MIN_POSITIVE)} selects entries that are
   * both {@code >= cut} and {@code > 0}, i.e. folds the ReLU into a selection mask.
   */
  protected static final float MIN_POSITIVE = Float.MIN_VALUE;

  private final SaeSpec spec;

  protected SparseAutoencoder(SaeSpec spec) {
    this.spec = spec;
  }

  /** The spec this model was built for. */
  public final SaeSpec spec() {
    return spec;
  }

  /** Names of the trained parameters, in a fixed order. */
  public final List<String> trainableNames() {
    List<String> names =
        new ArrayList<>(
            List.of(SaeWeights.W_ENC, SaeWeights.B_ENC, SaeWeights.W_DEC, SaeWeights.B_DEC));
    names.addAll(extraTrainableNames());
    return List.copyOf(names);
  }

  /** Trained parameters beyond the four shared ones, each of shape [m]. */
  protected List<String> extraTrainableNames() {
    return List.of();
  }

  /** Untrained per-variant state (besides the dead counter), each of shape [m]. */
  public List<String> extraStateNames() {
    return List.of();
  }

  /** Whether the AuxK loss is part of the training loss. */
  protected boolean usesAuxLoss() {
    return false;
  }

  /**
   * The variant's activation function applied to the encoder output (all selections act on
   * {@code pre = ReLU(z)}, entries &gt;= 0), and its sparsity penalty.
   */
  protected abstract Activation activate(Ops tf, Params p, Encoded enc, Mode mode);

  /**
   * {@code z = (x - b_dec) W_enc + b_enc}, before the ReLU, with the same arithmetic as the
   * Python. The gradient with respect to {@code b_dec} is routed through a value-zero term so that
   * it costs one [1, m] x [m, d] product instead of the full [rows, m] x [m, d] one that
   * differentiating {@code x - b_dec} would build. The bias is added with {@code BiasAdd}, which
   * TensorFlow's graph optimizer fuses into the matmul.
   */
  public Encoded encoder(Ops tf, Params p, Operand<TFloat32> x) {
    Operand<TFloat32> centred = tf.math.sub(x, tf.stopGradient(p.bDec()));
    return new Encoded(encoderColumns(tf, p, centred, p.wEnc(), p.bEnc()), centred);
  }

  /**
   * {@code centred W + b} for some columns {@code W} [d, n], {@code b} [n] of the encoder, with
   * the gradient of {@code b_dec} attached (see {@link #encoder}).
   */
  private static Operand<TFloat32> encoderColumns(
      Ops tf, Params p, Operand<TFloat32> centred, Operand<TFloat32> w, Operand<TFloat32> b) {
    Operand<TFloat32> bDec = p.bDec();
    Operand<TFloat32> main = tf.linalg.matMul(centred, w);
    // (b_dec - stop(b_dec)) is exactly 0: the term adds nothing to the value and gives
    // d/d b_dec = -(sum over rows of d z) W^T.
    Operand<TFloat32> bDecRow =
        tf.expandDims(tf.math.sub(bDec, tf.stopGradient(bDec)), tf.constant(0));
    Operand<TFloat32> shift = tf.reshape(tf.linalg.matMul(bDecRow, w), tf.constant(new int[] {-1}));
    return tf.nn.biasAdd(main, tf.math.sub(b, shift));
  }

  /** {@code ReLU((x - b_dec) W_enc + b_enc)}. */
  public Operand<TFloat32> preActivations(Ops tf, Params p, Operand<TFloat32> x) {
    return encoder(tf, p, x).pre(tf);
  }

  /** {@code acts W_dec + b_dec}. */
  public Operand<TFloat32> decode(Ops tf, Params p, Operand<TFloat32> acts) {
    return tf.nn.biasAdd(tf.linalg.matMul(acts, p.wDec()), p.bDec());
  }

  /** The activations only (no losses), e.g. to export latents. Never changes state. */
  public Operand<TFloat32> encode(Ops tf, Params p, Operand<TFloat32> x) {
    return activate(tf, p, encoder(tf, p, x), Mode.EVAL).acts();
  }

  /**
   * The full forward graph with losses. In {@link Mode#TRAIN} the dead-feature tracker is advanced
   * with this batch before the AuxK loss reads it, as the Python's forward does; in {@link
   * Mode#EVAL} the tracker is only read (the Python also advances it on validation batches; here
   * evaluation never changes training state).
   */
  public Forward forward(Ops tf, Params p, Operand<TFloat32> x, Mode mode) {
    Encoded enc = encoder(tf, p, x);
    Activation a = activate(tf, p, enc, mode);
    Operand<TFloat32> acts = a.acts();
    Operand<TFloat32> recon = decode(tf, p, acts);
    Operand<TFloat32> rows = rowCountFloat(tf, x);

    // Per-feature counts of rows with acts > 0 give both L0 and the tracker's "fired" (acts >= 0,
    // so the Python's sum(acts) > 0 holds exactly when some entry is > 0).
    Operand<TFloat32> counts = a.activeCounts();
    if (counts == null) {
      counts =
          columnCounts(
              tf, tf.stopGradient(tf.dtypes.cast(tf.math.greater(acts, tf.constant(0f)), TFloat32.class)));
    }
    Operand<TFloat32> l0 = tf.math.div(tf.sum(counts, tf.constant(0)), rows);
    Operand<TFloat32> counter = p.get(DEAD_COUNTER);
    Operand<TFloat32> newCounter =
        mode == Mode.TRAIN ? DeadFeatureTracker.advance(tf, counter, counts) : counter;
    Operand<TBool> dead = DeadFeatureTracker.deadMask(tf, newCounter, spec.nBatchesToDead());
    Operand<TFloat32> numDead = tf.sum(tf.dtypes.cast(dead, TFloat32.class), tf.constant(0));

    Operand<TFloat32> sse =
        tf.sum(tf.math.square(tf.math.sub(recon, x)), tf.constant(new int[] {0, 1}));
    Operand<TFloat32> numel = tf.math.mul(rows, tf.constant((float) spec.dIn()));
    Operand<TFloat32> l2 = tf.math.div(sse, numel);
    Operand<TFloat32> aux =
        usesAuxLoss() ? auxKLoss(tf, p, x, recon, enc, dead) : tf.constant(0f);
    Operand<TFloat32> loss = tf.math.add(tf.math.add(l2, a.sparsityLoss()), aux);
    return new Forward(
        enc.z(), acts, recon, loss, l2, a.sparsityLoss(), aux, l0, numDead, sse, newCounter,
        a.stateUpdates());
  }

  /**
   * The AuxK loss (Gao et al. 2024, "Scaling and evaluating sparse autoencoders", appendix A.2)
   * as the Python {@code _auxiliary_loss}: each row keeps its top {@code min(top_k_aux, #dead)}
   * pre-activations among the dead features, decodes them with the dead rows of {@code W_dec} (no
   * bias), and is penalised by the squared distance to the residual {@code x - recon}. The
   * residual is not detached (as in the Python), so the loss also pulls on the main
   * reconstruction. Zero when no feature is dead.
   *
   * <p>Only the dead features are computed, so the selection runs over #dead columns, not m.
   */
  protected Operand<TFloat32> auxKLoss(
      Ops tf,
      Params p,
      Operand<TFloat32> x,
      Operand<TFloat32> recon,
      Encoded enc,
      Operand<TBool> dead) {
    Operand<TInt64> deadIdx = tf.reshape(tf.where(dead), tf.constant(new int[] {-1}));
    Operand<TInt32> nDead = tf.size(deadIdx);
    // One dummy column (feature 0, zeroed below) keeps every shape non-empty: oneDNN's fused
    // matmul aborts on a zero-width operand, and NthElement needs at least one column.
    Operand<TInt64> idx = tf.concat(List.of(deadIdx, tf.constant(new long[] {0})), tf.constant(0));
    Operand<TFloat32> keep =
        tf.concat(
            List.of(
                tf.onesLike(tf.dtypes.cast(deadIdx, TFloat32.class)), tf.constant(new float[] {0})),
            tf.constant(0));
    // The dead features' pre-activations are recomputed from their encoder columns rather than
    // gathered from z: the gradient of a column gather from z would cost several passes over a
    // [rows, m] tensor every step, even with no dead feature; this costs rows·d·nDead.
    Operand<TFloat32> deadZ =
        encoderColumns(
            tf,
            p,
            enc.centred,
            tf.gather(p.wEnc(), idx, tf.constant(1)),
            tf.gather(p.bEnc(), idx, tf.constant(0)));
    // [rows, nDead + 1], the dummy column exactly 0 (pre >= 0, so it never outranks a real entry).
    Operand<TFloat32> deadPre = tf.math.mul(tf.nn.relu(deadZ), tf.stopGradient(keep));
    Operand<TInt32> k = tf.math.minimum(tf.constant(spec.topKAux()), nDead);
    // The k-th largest of nDead + 1 values sits at ascending index nDead + 1 - k; with no dead
    // feature (k = 0) ask for index 0, the dummy's 0.
    Operand<TInt32> n =
        tf.math.sub(tf.math.add(nDead, tf.constant(1)), tf.math.maximum(k, tf.constant(1)));
    Operand<TFloat32> kth = tf.nn.nthElement(tf.stopGradient(deadPre), n); // [rows]
    Operand<TFloat32> auxActs =
        StraightThrough.select(
            tf, deadPre, tf.math.greaterEqual(deadPre, tf.expandDims(kth, tf.constant(1))));
    Operand<TFloat32> deadDecoder = tf.gather(p.wDec(), idx, tf.constant(0)); // [nDead + 1, d]
    Operand<TFloat32> auxRecon = tf.linalg.matMul(auxActs, deadDecoder);
    Operand<TFloat32> residual = tf.math.sub(x, recon);
    Operand<TFloat32> mse =
        tf.math.mean(
            tf.math.square(tf.math.sub(auxRecon, residual)), tf.constant(new int[] {0, 1}));
    Operand<TFloat32> anyDead =
        tf.dtypes.cast(tf.math.greater(nDead, tf.constant(0)), TFloat32.class);
    return tf.math.mul(tf.constant((float) spec.auxPenalty()), tf.math.mul(mse, anyDead));
  }

  /**
   * Column sums [m] of a 0/1 mask [rows, m], computed as the product {@code ones[1, rows] x mask}.
   * Exact: the sums are integers below 2^24, which float32 holds exactly in any summation order.
   * Why not {@code Sum} over axis 0: TensorFlow's CPU column reduction of a [4096, 3072] tensor
   * takes about 4x the time of this product (measured 13.6 vs 3.3 ms on 2 cores), and a training
   * step does one or two of them. The mask must carry no gradient (it is a {@code StopGradient}ed
   * selection everywhere it is used).
   */
  protected static Operand<TFloat32> columnCounts(Ops tf, Operand<TFloat32> mask) {
    Operand<TInt32> shape = tf.stack(List.of(tf.constant(1), rowCount(tf, mask)));
    Operand<TFloat32> ones = tf.fill(shape, tf.constant(1f));
    return tf.reshape(tf.linalg.matMul(ones, mask), tf.constant(new int[] {-1}));
  }

  /** The number of rows of a [rows, ...] tensor, as an int32 scalar. */
  protected static Operand<TInt32> rowCount(Ops tf, Operand<TFloat32> t) {
    return tf.gather(tf.shape(t), tf.constant(0), tf.constant(0));
  }

  /** The number of rows of a [rows, ...] tensor, as a float scalar. */
  protected static Operand<TFloat32> rowCountFloat(Ops tf, Operand<TFloat32> t) {
    return tf.dtypes.cast(rowCount(tf, t), TFloat32.class);
  }
}
