package io.vista.eval.intersectional;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * VISTA's intersectional analysis ({@code main} of {@code src/intersectional.py}) on per-sample
 * SAE features: composite subgroups, the SDF filter on them and on each single attribute, the
 * features only the intersectional filter finds, a three-way ANOVA per intersectional SDF and the
 * MI decomposition of each.
 */
public final class IntersectionalAnalysis {
  private static final String[] ATTRIBUTES = {"age", "gender", "race"};

  private IntersectionalAnalysis() {}

  /**
   * Runs the analysis.
   *
   * @param features row-major {@code n x m} float32 activations (mean over tokens)
   * @param n samples
   * @param m features
   * @param age age labels (FairFace: 0..8)
   * @param gender gender labels (0..1)
   * @param race race labels (0..6)
   * @param opts settings
   */
  public static IntersectionalResult run(
      float[] features, int n, int m, int[] age, int[] gender, int[] race,
      IntersectionalOptions opts) {
    ActivationRows acts = ActivationRows.of(features, n, m);
    int[][] labels = {age, gender, race};
    for (int a = 0; a < 3; a++) {
      if (labels[a].length != n) {
        throw new VistaException(
            "labels: " + ATTRIBUTES[a] + " has " + labels[a].length + " entries, expected " + n);
      }
      for (int i = 0; i < n; i++) {
        if (labels[a][i] < 0) {
          throw new VistaException(
              "labels: " + ATTRIBUTES[a] + " has negative value " + labels[a][i] + " at sample " + i);
        }
      }
    }
    SdfParams sdf = opts.sdf();
    CompositeLabels composite = CompositeLabels.build(age, gender, race, opts.minSubgroupSize());

    // Intersectional SDFs over the samples of retained subgroups.
    ActivationRows valid = acts.rows(composite.validRows());
    int[] validLabels = composite.validLabels();
    SdfResult intSdfs = SdfPipeline.run(valid, validLabels, sdf);
    SortedMap<Integer, ClassAlignment> intAlign =
        SdfPipeline.alignment(valid, validLabels, intSdfs, sdf.kTop());
    int[] intFeatures = intSdfs.union();

    // Single-attribute SDFs for comparison.
    Map<String, SdfResult> single = new LinkedHashMap<>();
    Map<String, SortedMap<Integer, ClassAlignment>> singleAlign = new LinkedHashMap<>();
    TreeSet<Integer> singleUnion = new TreeSet<>();
    for (int a = 0; a < 3; a++) {
      SdfResult r = SdfPipeline.run(acts, labels[a], sdf);
      single.put(ATTRIBUTES[a], r);
      singleAlign.put(ATTRIBUTES[a], SdfPipeline.alignment(acts, labels[a], r, sdf.kTop()));
      for (int f : r.union()) {
        singleUnion.add(f);
      }
    }
    List<Integer> intList = new ArrayList<>();
    List<Integer> novel = new ArrayList<>();
    for (int f : intFeatures) {
      intList.add(f);
      if (!singleUnion.contains(f)) {
        novel.add(f);
      }
    }

    List<InteractionTest> anova = null;
    int emptyCells = -1;
    if (!opts.skipAnova() && intFeatures.length > 0) {
      Anova design = null;
      String failure = null;
      try {
        design = Anova.threeWay(age, gender, race);
        emptyCells = design.emptyCells();
      } catch (VistaException e) {
        failure = e.getMessage(); // VISTA records statsmodels' exception per feature
      }
      if (design != null) {
        anova =
            InteractionEffects.test(acts, design, intFeatures, opts.alpha(), opts.minEffectSize());
      } else {
        anova = new ArrayList<>();
        for (int f : intFeatures) {
          anova.add(new InteractionTest(f, InteractionTest.ERROR, Map.of(), null, failure));
        }
      }
    }
    List<MiDecomposition> mi = null;
    if (!opts.skipMi() && intFeatures.length > 0) {
      mi =
          InformationDecomposition.decompose(
              acts, age, gender, race, composite.labels(), intFeatures, opts.miBins());
    }
    return new IntersectionalResult(
        opts, composite, single, singleAlign, intSdfs, new TreeMap<>(intAlign), intList,
        new ArrayList<>(singleUnion), novel, anova, emptyCells, mi);
  }

  /** {@link #run} for int64 label vectors (as stored in VISTA's HDF5 files). */
  public static IntersectionalResult run(
      float[] features, int n, int m, long[] age, long[] gender, long[] race,
      IntersectionalOptions opts) {
    return run(features, n, m, toInt("age", age), toInt("gender", gender), toInt("race", race), opts);
  }

  private static int[] toInt(String name, long[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != (int) v[i]) {
        throw new VistaException("labels: " + name + " value " + v[i] + " at sample " + i + " exceeds int");
      }
      out[i] = (int) v[i];
    }
    return out;
  }
}
