package io.vista.core.data;

import java.util.Map;
import java.util.TreeMap;

/**
 * Number of classes per label key; a label with {@code k} classes must hold values
 * {@code 0..k-1}. Keys not listed are not range-checked.
 *
 * @param classCounts label key to number of classes
 */
public record LabelSpec(Map<String, Integer> classCounts) {

  public LabelSpec {
    classCounts = Map.copyOf(classCounts);
    for (Map.Entry<String, Integer> e : classCounts.entrySet()) {
      if (e.getValue() < 1) {
        throw new IllegalArgumentException("label '" + e.getKey() + "' needs >= 1 class, got " + e.getValue());
      }
    }
  }

  /**
   * FairFace as the pipeline encodes it (HuggingFaceM4/FairFace): age 9 bins, gender 2,
   * race 7 groups.
   */
  public static LabelSpec fairFace() {
    return new LabelSpec(Map.of("age", 9, "gender", 2, "race", 7));
  }

  /** No range checks. */
  public static LabelSpec none() {
    return new LabelSpec(Map.of());
  }

  /** The number of classes of {@code key}, or 0 if unknown. */
  public int classes(String key) {
    return classCounts.getOrDefault(key, 0);
  }

  /**
   * Checks every value of one label vector.
   *
   * @param where {@code file: /split/labels/key}, for the message
   * @throws DataException naming the first offending sample and value
   */
  public void check(String where, String key, long[] values) {
    int k = classes(key);
    if (k == 0) {
      return;
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] >= k) {
        throw new DataException(where + " has value " + values[i] + " at sample " + i
            + ", expected 0.." + (k - 1) + " (" + k + " classes of '" + key + "')");
      }
    }
  }

  /** Reads {@code labels/<key>} of {@code split} and checks it; returns the values. */
  public long[] check(LatentSplit split, String key) {
    long[] values = split.labels(key);
    check(split.file().where("/" + split.name() + "/labels/" + key), key, values);
    return values;
  }

  /** Value -> count, sorted by value (the inspector's class histogram). */
  public static Map<Long, Long> counts(long[] values) {
    Map<Long, Long> out = new TreeMap<>();
    for (long v : values) {
      out.merge(v, 1L, Long::sum);
    }
    return out;
  }
}
