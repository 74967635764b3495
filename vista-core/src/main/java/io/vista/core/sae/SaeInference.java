package io.vista.core.sae;

import io.vista.core.VistaException;
import io.vista.core.internal.graph.VariableSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The inference-only graph of a trained SAE: the weights as variables loaded once, encode, decode
 * and encode+decode; no gradients, no optimizer slots, no training state. Owned by a {@link
 * SaeModel}; not thread-safe on its own (the model serialises calls).
 */
final class SaeInference implements AutoCloseable {
  private final SaeSpec spec;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> x;
  private final Operand<TFloat32> acts;
  private final Operand<TFloat32> recon;
  private final Placeholder<TFloat32> codes;
  private final Operand<TFloat32> decoded;

  SaeInference(SaeSpec spec, SaeWeights weights, int intraOpThreads, int interOpThreads) {
    this.spec = spec;
    Session s = null;
    try {
      Ops tf = Ops.create(graph);
      SparseAutoencoder sae = spec.variant().graph(spec);
      VariableSet vars = new VariableSet();
      Map<String, float[]> values = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : SaeWeights.expectedShapes(spec).entrySet()) {
        vars.add(tf, e.getKey(), e.getValue());
        values.put(e.getKey(), weights.get(e.getKey()));
      }
      Map<String, Operand<TFloat32>> read = new LinkedHashMap<>();
      for (String name : vars.names()) {
        read.put(name, vars.read(tf, name));
      }
      SparseAutoencoder.Params p = new SparseAutoencoder.Params(read);
      x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.dIn())));
      // The variants apply their selection as z * mask, which leaves -0.0 where z < 0; the Python's
      // zeros_like(...).scatter(...) gives +0.0 there. A select does it exactly (an added +0.0 would
      // do too, but TensorFlow's graph optimizer removes additions of zero). Latents are >= 0.
      Operand<TFloat32> raw = sae.encode(tf, p, x);
      acts = tf.select(tf.math.greater(raw, tf.constant(0f)), raw, tf.zerosLike(raw));
      recon = sae.decode(tf, p, acts);
      codes = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.dSae())));
      decoded = sae.decode(tf, p, codes);
      s = new Session(graph, ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOpThreads)
          .setInterOpParallelismThreads(interOpThreads).build());
      vars.load(s, values);
      session = s;
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      graph.close();
      throw e;
    }
  }

  /** Activations [rows, m] and, if asked for, the reconstruction [rows, d]; the caller closes them. */
  ForwardOutputs forward(TFloat32 in, boolean wantRecon) {
    check(in, spec.dIn(), "input");
    Session.Runner r = session.runner().feed(x, in).fetch(acts);
    if (wantRecon) {
      r.fetch(recon);
    }
    Result res = r.run();
    // Closing the Result would close the tensors: hand them to the caller instead.
    return new ForwardOutputs((TFloat32) res.get(0), wantRecon ? (TFloat32) res.get(1) : null);
  }

  /** {@code codes W_dec + b_dec} [rows, d]; the caller closes it. */
  TFloat32 decode(TFloat32 in) {
    check(in, spec.dSae(), "codes");
    return (TFloat32) session.runner().feed(codes, in).fetch(decoded).run().get(0);
  }

  private static void check(TFloat32 t, long width, String what) {
    Shape s = t.shape();
    if (s.numDimensions() != 2 || s.get(1) != width || s.get(0) < 1) {
      throw new VistaException("SAE " + what + " has shape " + s + ", expected [rows >= 1, " + width + "]");
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
