package io.vista.core.internal.graph;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Named float32 resource variables of fixed shape in one graph, each with a feed-and-assign pair
 * so whole values can be written, and a snapshot read so whole values can be fetched, in a single
 * {@code Session} run. No TensorFlow initializers are used: the owner must {@link #load} every
 * variable before the first run that reads one.
 *
 * <p>Reads for computation are created by the graph builder with {@link #read}; a builder that
 * both reads and assigns a variable in one run must make each assignment depend on that read
 * (as an update computed from it does), so the read sees the value from before the run.
 */
public final class VariableSet {
  private record Entry(
      String name,
      long[] shape,
      Operand<? extends TType> handle,
      Placeholder<TFloat32> feed,
      Op load,
      Operand<TFloat32> snapshot) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Adds a variable named {@code name} of the given shape (empty for a scalar). */
  public void add(Ops tf, String name, long... shape) {
    if (entries.containsKey(name)) {
      throw new VistaException("variable '" + name + "' defined twice");
    }
    Tensors.numel(shape); // validates
    Ops vs = tf.withSubScope("var");
    // An explicit shared name per variable: VarHandleOp does not default it to the node name, so
    // variables left without one would all alias the same resource.
    Operand<? extends TType> handle =
        vs.varHandleOp(TFloat32.class, Shape.of(shape), VarHandleOp.sharedName("vista/" + name));
    Placeholder<TFloat32> feed =
        vs.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    Op load = vs.assignVariableOp(handle, feed);
    Operand<TFloat32> snapshot = vs.readVariableOp(handle, TFloat32.class);
    entries.put(name, new Entry(name, shape.clone(), handle, feed, load, snapshot));
  }

  /** A new read of the variable's current value. */
  public Operand<TFloat32> read(Ops tf, String name) {
    return tf.readVariableOp(entry(name).handle(), TFloat32.class);
  }

  /** An op that sets the variable to {@code value} when run. */
  public Op assign(Ops tf, String name, Operand<TFloat32> value) {
    return tf.assignVariableOp(entry(name).handle(), value);
  }

  /** Names in the order they were added. */
  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /** Whether a variable of that name exists. */
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The shape of a variable (a copy). */
  public long[] shape(String name) {
    return entry(name).shape().clone();
  }

  /** Every variable's shape, in order (copies). */
  public Map<String, long[]> shapes() {
    Map<String, long[]> out = new LinkedHashMap<>();
    entries.forEach((n, e) -> out.put(n, e.shape().clone()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Writes every variable from {@code values} in one run. The map must name exactly the variables
   * of this set, each with exactly as many values as its shape holds.
   */
  public void load(Session session, Map<String, float[]> values) {
    List<String> missing = new ArrayList<>();
    for (String n : entries.keySet()) {
      if (!values.containsKey(n)) {
        missing.add(n);
      }
    }
    List<String> unknown = new ArrayList<>();
    for (String n : values.keySet()) {
      if (!entries.containsKey(n)) {
        unknown.add(n);
      }
    }
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new VistaException(
          "state does not match the graph: missing " + missing + ", unexpected " + unknown);
    }
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Entry e : entries.values()) {
        float[] v = values.get(e.name());
        long n = Tensors.numel(e.shape());
        if (v == null || v.length != n) {
          throw new VistaException(
              "state '" + e.name() + "' has " + (v == null ? "no" : v.length) + " values, shape "
                  + Arrays.toString(e.shape()) + " needs " + n);
        }
        TFloat32 t = Tensors.of(v, e.shape());
        fed.add(t);
        runner.feed(e.feed(), t).addTarget(e.load());
      }
      runner.run().close();
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  /** Every variable's current value, in order, fetched in one run. */
  public Map<String, float[]> fetch(Session session) {
    Session.Runner runner = session.runner();
    for (Entry e : entries.values()) {
      runner.fetch(e.snapshot());
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    try (Result r = runner.run()) {
      int i = 0;
      for (Entry e : entries.values()) {
        out.put(e.name(), Tensors.toArray(r.get(i++)));
      }
    }
    return out;
  }

  private Entry entry(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new VistaException("no variable named '" + name + "'; known: " + entries.keySet());
    }
    return e;
  }
}
