package io.vista.eval.intersectional;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Composite age x gender x race labels, as VISTA's {@code build_intersectional_labels}: each
 * triple with at least {@code minSubgroupSize} samples becomes a class, numbered in the order in
 * which the triples first appear in the data; samples of rarer triples get label -1 and are left
 * out of the intersectional analysis.
 */
public final class CompositeLabels {
  /** Label of samples whose subgroup is too small. */
  public static final int EXCLUDED = -1;

  private final int[] labels;
  private final List<Subgroup> subgroups;
  private final int minSubgroupSize;

  private CompositeLabels(int[] labels, List<Subgroup> subgroups, int minSubgroupSize) {
    this.labels = labels;
    this.subgroups = List.copyOf(subgroups);
    this.minSubgroupSize = minSubgroupSize;
  }

  /** Builds the composite labels of equally long age, gender and race label vectors. */
  public static CompositeLabels build(int[] age, int[] gender, int[] race, int minSubgroupSize) {
    int n = age.length;
    if (gender.length != n || race.length != n) {
      throw new VistaException(
          "labels: age, gender, race lengths differ (" + n + ", " + gender.length + ", "
              + race.length + ")");
    }
    // Counter(triples) keeps first-appearance order; so does a LinkedHashMap.
    Map<List<Integer>, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(List.of(age[i], gender[i], race[i]), 1, Integer::sum);
    }
    Map<List<Integer>, Integer> classOf = new LinkedHashMap<>();
    List<Subgroup> subgroups = new ArrayList<>();
    for (Map.Entry<List<Integer>, Integer> e : counts.entrySet()) {
      if (e.getValue() >= minSubgroupSize) {
        int id = classOf.size();
        classOf.put(e.getKey(), id);
        List<Integer> t = e.getKey();
        subgroups.add(
            new Subgroup(
                id, t.get(0), t.get(1), t.get(2),
                DemographicNames.subgroup(t.get(0), t.get(1), t.get(2)), e.getValue()));
      }
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = classOf.getOrDefault(List.of(age[i], gender[i], race[i]), EXCLUDED);
    }
    return new CompositeLabels(labels, subgroups, minSubgroupSize);
  }

  /** Composite label per sample, {@link #EXCLUDED} for samples of too-small subgroups. */
  public int[] labels() {
    return labels.clone();
  }

  /** The classes, indexed by composite label. */
  public List<Subgroup> subgroups() {
    return subgroups;
  }

  /** The threshold used. */
  public int minSubgroupSize() {
    return minSubgroupSize;
  }

  /** Number of samples with a composite class. */
  public int validCount() {
    return labels.length - excludedCount();
  }

  /** Number of samples left out because their subgroup is too small. */
  public int excludedCount() {
    int k = 0;
    for (int l : labels) {
      if (l == EXCLUDED) {
        k++;
      }
    }
    return k;
  }

  /** Indices of the samples with a composite class, ascending ({@code composite >= 0}). */
  public int[] validRows() {
    int[] rows = new int[validCount()];
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != EXCLUDED) {
        rows[k++] = i;
      }
    }
    return rows;
  }

  /** The composite labels of {@link #validRows()}. */
  int[] validLabels() {
    int[] rows = validRows();
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = labels[rows[i]];
    }
    return out;
  }
}
