package io.vista.core.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vista.core.internal.graph.Tensors;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * BatchTopK's two-stage threshold selection is exact: it equals the (k·rows)-th largest value of
 * a plain-Java sort of the whole ReLU'd batch, on continuous data, heavy ties, mostly-zero
 * batches, k·rows = all entries, degenerate shapes, and inputs given before the ReLU.
 */
class BatchThresholdTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("relu gaussian", 50, 40, 7, 0),
        Arguments.of("large relu gaussian", 300, 500, 16, 0),
        Arguments.of("mostly zeros, fewer positives than k*rows", 20, 30, 12, 1),
        Arguments.of("all zeros", 8, 6, 2, 2),
        Arguments.of("integer ties", 40, 25, 5, 3),
        Arguments.of("k*rows = every entry, all positive", 9, 7, 7, 4),
        Arguments.of("k*rows = every entry, with zeros", 9, 7, 7, 0),
        Arguments.of("one entry", 1, 1, 1, 4),
        Arguments.of("one row", 1, 10, 3, 0),
        Arguments.of("one column", 13, 1, 1, 0),
        Arguments.of("skewed rows", 64, 50, 4, 5),
        Arguments.of("raw pre-ReLU values", 50, 40, 7, 6),
        Arguments.of("raw, mostly negative", 30, 20, 9, 7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void thresholdEqualsSortedKth(String name, int rows, int m, int k, int kind) {
    float[] pre = data(rows, m, kind, 17 + rows * 31L + m);
    float[] sorted = new float[pre.length];
    for (int i = 0; i < pre.length; i++) {
      sorted[i] = Math.max(pre[i], 0); // the threshold is defined on ReLU(input)
    }
    Arrays.sort(sorted);
    int kb = Math.min(k * rows, pre.length);
    float expected = sorted[pre.length - kb];
    float minPositive = 0;
    for (float v : sorted) {
      if (v > 0 && v >= expected) {
        minPositive = v;
        break;
      }
    }
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class);
      BatchTopKSae.BatchThreshold bt = BatchTopKSae.batchThreshold(tf, in, k);
      try (TFloat32 t = Tensors.of(pre, rows, m);
          Result r = s.runner().feed(in, t).fetch(bt.threshold()).fetch(bt.minKept()).run()) {
        assertEquals(expected, ((TFloat32) r.get(0)).getFloat(), name + ": threshold");
        assertEquals(minPositive, ((TFloat32) r.get(1)).getFloat(), name + ": min kept");
      }
    }
  }

  private static float[] data(int rows, int m, int kind, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[rows * m];
    for (int i = 0; i < v.length; i++) {
      double z = rng.nextGaussian();
      v[i] =
          switch (kind) {
            case 0 -> (float) Math.max(z, 0);
            case 1 -> (float) Math.max(z - 1.8, 0);
            case 2 -> 0f;
            case 3 -> rng.nextInt(4);
            case 4 -> (float) (Math.abs(z) + 0.01);
            // A few rows carry most of the mass: the per-row bound must not miss their entries.
            case 5 -> (float) Math.max(z, 0) * ((i / m) % 16 == 0 ? 50 : 1);
            case 6 -> (float) z;
            case 7 -> (float) (z - 2);
            default -> throw new IllegalArgumentException();
          };
    }
    return v;
  }
}
