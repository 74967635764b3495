package io.vista.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/** Small conversions to the lists the JSON tree holds. */
final class JsonValues {
  private JsonValues() {}

  /** float32 values as the doubles Python's {@code tolist()} gives (exact widening). */
  static List<Double> doubles(float[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add((double) v);
    }
    return out;
  }
}
