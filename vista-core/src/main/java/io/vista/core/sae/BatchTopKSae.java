package io.vista.core.sae;

import io.vista.core.internal.graph.StraightThrough;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The BatchTopK SAE (Bussmann, Leask and Nanda 2024, "BatchTopK Sparse Autoencoders"; Python
 * {@code BatchTopKSAE}): the whole batch keeps its {@code top_k * rows} largest ReLU
 * pre-activations (all of them if that exceeds the batch), so rows share a budget of k active
 * features on average; no sparsity penalty; AuxK loss on dead features.
 *
 * <p>The batch threshold {@code t} (the (k·rows)-th largest value) is found exactly without
 * sorting or a top-k over all rows·m values ({@link #batchThreshold}); the selection is the mask
 * {@code pre >= t} (non-zero entries only, applied to z as in {@link TopKSae}) under {@code
 * StopGradient}, whose gradient is the straight-through one of {@code torch.topk} + scatter.
 * Values tied with a positive {@code t} are all kept (probability ~0 with continuous data); when
 * fewer than k·rows entries are positive, {@code t = 0} and every positive entry is kept, as the
 * Python's top-k (which then also picks zeros) does.
 *
 * <p>Training also maintains a running threshold as dictionary_learning's BatchTopK trainer does:
 * the smallest kept positive activation of each batch, folded in as {@code threshold = momentum *
 * threshold + (1 - momentum) * min_kept}, the first batch setting it directly. It is stored as the
 * [m] state {@code threshold} (every entry the same value) so that it exports as a per-feature
 * JumpReLU threshold. With {@code inference = threshold}, evaluation uses {@code acts = pre *
 * (pre > threshold)}, independent of the batch; with {@code inference = batch} (the default, as
 * the Python) it selects per batch as in training.
 */
final class BatchTopKSae extends SparseAutoencoder {
  /** The per-batch threshold and the smallest positive kept value (0 if none). */
  public record BatchThreshold(Operand<TFloat32> threshold, Operand<TFloat32> minKept) {}

  BatchTopKSae(SaeSpec spec) {
    super(spec);
  }

  @Override
  protected boolean usesAuxLoss() {
    return true;
  }

  @Override
  public List<String> extraStateNames() {
    return List.of(SaeWeights.THRESHOLD);
  }

  @Override
  protected Activation activate(Ops tf, Params p, Encoded enc, Mode mode) {
    Operand<TFloat32> z = enc.z();
    if (mode == Mode.EVAL && "threshold".equals(spec().inference())) {
      // pre > threshold; a negative (unset) threshold keeps every positive entry.
      Operand<TFloat32> cut = tf.math.maximum(p.get(SaeWeights.THRESHOLD), tf.constant(0f));
      Operand<TFloat32> mask = StraightThrough.mask(tf, tf.math.greater(z, cut));
      return new Activation(
          tf.math.mul(z, mask), tf.constant(0f), Map.of(), columnCounts(tf, mask));
    }
    BatchThreshold bt = batchThreshold(tf, z, spec().topK());
    // z >= max(t, smallest float): the entries of pre >= t that are non-zero (see TopKSae).
    Operand<TFloat32> cut = tf.math.maximum(bt.threshold(), tf.constant(MIN_POSITIVE));
    Operand<TFloat32> mask = StraightThrough.mask(tf, tf.math.greaterEqual(z, cut));
    Operand<TFloat32> acts = tf.math.mul(z, mask);
    Operand<TFloat32> counts = columnCounts(tf, mask);
    if (mode == Mode.EVAL) {
      return new Activation(acts, tf.constant(0f), Map.of(), counts);
    }
    Operand<TFloat32> old = p.get(SaeWeights.THRESHOLD);
    float mom = (float) spec().thresholdMomentum();
    Operand<TFloat32> ema =
        tf.math.add(
            tf.math.mul(tf.constant(mom), old), tf.math.mul(tf.constant(1f - mom), bt.minKept()));
    // A negative stored threshold means "not set yet": the first batch sets it directly.
    Operand<TFloat32> updated =
        tf.select(
            tf.math.less(old, tf.constant(0f)), tf.math.add(tf.zerosLike(old), bt.minKept()), ema);
    return new Activation(acts, tf.constant(0f), Map.of(SaeWeights.THRESHOLD, updated), counts);
  }

  /**
   * The (k·rows)-th largest entry {@code t} of {@code pre = ReLU(z)} for {@code z} [rows, m] (z
   * may be given before or after the ReLU: only its positive entries matter), which is 0 when fewer
   * than k·rows entries are positive, and the smallest positive entry {@code >= t} (0 if none).
   * Exact, in two stages:
   *
   * <ol>
   *   <li>{@code u_i} = the j-th largest entry of row i of z ({@code j = min(2k, m)}), and {@code
   *       L} = the q-th largest {@code u_i} with {@code q = ceil(k·rows / j)}. At least q rows hold
   *       j entries {@code >= L}, so at least k·rows entries are {@code >= L}: {@code t >= L}
   *       (or, if {@code L <= 0}, every positive entry is a candidate).
   *   <li>Every entry {@code >= t} is therefore among the positive entries {@code >= L} (about
   *       2k per row in practice); {@code t} is the (k·rows)-th largest of those candidates, or 0
   *       if there are fewer than k·rows of them (then {@code L <= 0} and they are all the
   *       positive entries).
   * </ol>
   *
   * Both stages use {@code NthElement} (linear time per row); a full top-k over the flattened
   * batch costs several times more. No gradient flows through the result.
   */
  public static BatchThreshold batchThreshold(Ops tf, Operand<TFloat32> z, int k) {
    Operand<TFloat32> x = tf.stopGradient(z);
    Operand<TInt32> shape = tf.shape(x);
    Operand<TInt32> rows = tf.gather(shape, tf.constant(0), tf.constant(0));
    Operand<TInt32> m = tf.gather(shape, tf.constant(1), tf.constant(0));
    Operand<TInt32> j = tf.math.minimum(tf.constant(2 * k), m);
    Operand<TInt32> kRows = tf.math.mul(tf.constant(k), rows);
    Operand<TFloat32> u = tf.nn.nthElement(x, tf.math.sub(m, j)); // [rows]
    Operand<TInt32> q =
        tf.math.floorDiv(tf.math.sub(tf.math.add(kRows, j), tf.constant(1)), j); // 1 <= q <= rows
    Operand<TFloat32> bound = tf.nn.nthElement(u, tf.math.sub(rows, q));

    Operand<TBool> candidate =
        tf.math.logicalAnd(
            tf.math.greaterEqual(x, bound), tf.math.greater(x, tf.constant(0f)));
    Operand<TInt64> where = tf.where(candidate);
    Operand<TFloat32> values = tf.gatherNd(x, where); // [C], all > 0
    Operand<TInt32> c = tf.size(values);
    // Append one 0 so the array is never empty; the (k·rows)-th largest of C + 1 values sits at
    // ascending index C + 1 - k·rows, and clamping that at 0 yields the appended 0 when C < k·rows.
    Operand<TFloat32> padded =
        tf.concat(List.of(values, tf.constant(new float[] {0f})), tf.constant(0));
    Operand<TInt32> n =
        tf.math.maximum(tf.math.sub(tf.math.add(c, tf.constant(1)), kRows), tf.constant(0));
    Operand<TFloat32> t = tf.nn.nthElement(padded, n);

    Operand<TFloat32> minCandidate =
        tf.min(
            tf.concat(
                List.of(values, tf.constant(new float[] {Float.POSITIVE_INFINITY})),
                tf.constant(0)),
            tf.constant(0));
    Operand<TFloat32> zero = tf.constant(0f);
    Operand<TFloat32> minPositive =
        tf.select(tf.math.greater(c, tf.constant(0)), minCandidate, zero);
    Operand<TFloat32> minKept = tf.select(tf.math.greater(t, zero), t, minPositive);
    return new BatchThreshold(t, minKept);
  }
}
