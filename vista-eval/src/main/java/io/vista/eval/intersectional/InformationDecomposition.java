package io.vista.eval.intersectional;

import io.vista.eval.numpy.NumpyOrder;
import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VISTA's {@code information_decomposition}: per feature, the binned MI with age, gender, race,
 * each pair of them (encoded {@code a * (max(b) + 1) + b}) and the composite subgroup label, the
 * largest single-attribute MI, and the synergy estimate {@code MI(triple) - max single MI}.
 * Label sets whose name contains {@code x} drop samples with a negative label, which removes the
 * samples of excluded subgroups from the triple.
 */
public final class InformationDecomposition {
  /** Label-set names in VISTA's order. */
  public static final List<String> LABEL_SETS =
      List.of(
          "age", "gender", "race", "age_x_gender", "age_x_race", "gender_x_race",
          "age_x_gender_x_race");

  /** VISTA's threshold for counting a feature as synergistic in its summary. */
  public static final double SYNERGY_THRESHOLD = 0.01;

  private InformationDecomposition() {}

  /** Decomposes each candidate feature; {@code composite} uses -1 for excluded samples. */
  public static List<MiDecomposition> decompose(
      ActivationRows acts,
      int[] age,
      int[] gender,
      int[] race,
      int[] composite,
      int[] candidates,
      int nBins) {
    int n = acts.n();
    if (age.length != n || gender.length != n || race.length != n || composite.length != n) {
      throw new VistaException("mi: label vectors must have " + n + " entries, one per sample");
    }
    int nGender = max(gender) + 1;
    int nRace = max(race) + 1;
    int[][] sets = new int[LABEL_SETS.size()][n];
    for (int i = 0; i < n; i++) {
      sets[0][i] = age[i];
      sets[1][i] = gender[i];
      sets[2][i] = race[i];
      sets[3][i] = age[i] * nGender + gender[i];
      sets[4][i] = age[i] * nRace + race[i];
      sets[5][i] = gender[i] * nRace + race[i];
      sets[6][i] = composite[i];
    }
    int[][] keep = new int[sets.length][];
    MutualInformation.Labels[] kept = new MutualInformation.Labels[sets.length];
    for (int s0 = 0; s0 < sets.length; s0++) {
      final int s = s0;
      if (LABEL_SETS.get(s).contains("x")) {
        keep[s] = java.util.stream.IntStream.range(0, n).filter(i -> sets[s][i] >= 0).toArray();
        int[] values = new int[keep[s].length];
        for (int k = 0; k < values.length; k++) {
          values[k] = sets[s][keep[s][k]];
        }
        kept[s] = MutualInformation.Labels.of(values);
      } else {
        kept[s] = MutualInformation.Labels.of(sets[s]);
      }
    }
    List<MiDecomposition> out = new ArrayList<>();
    acts.forEachColumn(candidates, (f, col) -> {
      Map<String, Double> mi = new LinkedHashMap<>();
      for (int s = 0; s < sets.length; s++) {
        double[] x;
        if (keep[s] == null) {
          x = NumpyOrder.widen(col);
        } else {
          x = new double[keep[s].length];
          for (int k = 0; k < x.length; k++) {
            x[k] = col[keep[s][k]];
          }
        }
        mi.put(LABEL_SETS.get(s), MutualInformation.binnedMi(x, kept[s], nBins));
      }
      double maxSingle = Math.max(Math.max(mi.get("age"), mi.get("gender")), mi.get("race"));
      double triple = mi.get("age_x_gender_x_race");
      out.add(new MiDecomposition(f, mi, maxSingle, triple, triple - maxSingle));
    });
    return out;
  }

  private static int max(int[] v) {
    if (v.length == 0) {
      throw new VistaException("mi: no samples");
    }
    int m = v[0];
    for (int x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
