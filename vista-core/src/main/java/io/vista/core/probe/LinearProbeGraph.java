package io.vista.core.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The probe's forward pass and loss as graph operands: per task, {@code logits = x W^T + b} and
 * the mean cross-entropy; the total loss is the sum over the tasks whose labels are fed, as the
 * Python's ProbeModule sums the per-task losses.
 *
 * <p>Cross-entropy is written as {@code -sum(onehot * logSoftmax(logits))}: TF 2.18's C++
 * gradient registry has no gradient for {@code SparseSoftmaxCrossEntropyWithLogits}, while
 * {@code LogSoftmax}, {@code OneHot} and the arithmetic all have one, so {@code addGradients}
 * differentiates it as written.
 */
final class LinearProbeGraph {
  private LinearProbeGraph() {}

  /** One head's operands. */
  public record Head(Placeholder<TInt64> labels, Operand<TFloat32> logits, Operand<TFloat32> loss,
                     Operand<TInt64> predictions) {}

  /** The whole probe: the input placeholder, every head, and the summed loss. */
  public record Operands(Placeholder<TFloat32> x, Map<String, Head> heads, Operand<TFloat32> totalLoss) {}

  /**
   * Builds the heads over {@code x} with weights {@code weights.get(task)} ([C, d]) and
   * {@code biases.get(task)} ([C]). Only tasks in {@code weights} get a head.
   */
  public static Operands build(Ops tf, ProbeSpec spec, Map<String, Operand<TFloat32>> weights,
                               Map<String, Operand<TFloat32>> biases) {
    Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class);
    Map<String, Head> heads = new LinkedHashMap<>();
    Operand<TFloat32> total = null;
    for (String task : weights.keySet()) {
      Ops t = tf.withSubScope(task);
      int classes = spec.taskClasses().get(task);
      Placeholder<TInt64> labels = t.withName("labels").placeholder(TInt64.class);
      Operand<TFloat32> logits = t.math.add(
          t.linalg.matMul(x, weights.get(task), org.tensorflow.op.linalg.MatMul.transposeB(true)),
          biases.get(task));
      Operand<TFloat32> onehot = t.oneHot(labels, t.constant(classes), t.constant(1f), t.constant(0f));
      Operand<TFloat32> perSample = t.math.neg(
          t.reduceSum(t.math.mul(onehot, t.nn.logSoftmax(logits)), t.constant(1)));
      Operand<TFloat32> loss = t.math.mean(perSample, t.constant(0));
      Operand<TInt64> predictions = t.math.argMax(logits, t.constant(1), TInt64.class);
      heads.put(task, new Head(labels, logits, loss, predictions));
      total = total == null ? loss : tf.math.add(total, loss);
    }
    // Its own op, so fetching it next to a single head's loss never names one output twice.
    return new Operands(x, heads, tf.withName("loss").identity(total));
  }
}
