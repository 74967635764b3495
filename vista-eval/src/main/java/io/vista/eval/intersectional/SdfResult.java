package io.vista.eval.intersectional;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SDF filter's result for one labelling: per class (ascending label value, as
 * {@code np.unique}) the stages' features and scores.
 *
 * @param params the cut-offs used
 * @param classes per-class results keyed by label value
 */
public record SdfResult(SdfParams params, SortedMap<Integer, SdfClassResult> classes) {
  public SdfResult {
    classes = Collections.unmodifiableSortedMap(new TreeMap<>(classes));
  }

  /** The SDFs of one class (VISTA's {@code sdfs[c]}). */
  public List<Integer> sdfs(int classId) {
    SdfClassResult r = classes.get(classId);
    return r == null ? List.of() : r.sdfs();
  }

  /** Sorted distinct SDF feature ids over all classes ({@code np.unique(np.concatenate(...))}). */
  public int[] union() {
    TreeSet<Integer> all = new TreeSet<>();
    for (SdfClassResult r : classes.values()) {
      all.addAll(r.sdfs());
    }
    return all.stream().mapToInt(Integer::intValue).toArray();
  }
}
