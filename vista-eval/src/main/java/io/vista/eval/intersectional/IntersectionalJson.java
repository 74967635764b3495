package io.vista.eval.intersectional;

import io.vista.eval.numpy.NumpyOrder;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes an {@link IntersectionalResult} as VISTA's {@code intersectional_results.json}: the same
 * keys, nesting and value types (class ids as string keys, NaN written as {@code NaN} as Python's
 * json does). Keys VISTA does not write are marked "extension" below; they add information the
 * Python only logs (subgroup sizes, single-attribute SDFs, full ANOVA tables).
 */
final class IntersectionalJson {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  private IntersectionalJson() {}

  static String write(IntersectionalResult r, Map<String, ?> metadata) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (metadata != null) {
      out.put("_metadata", metadata);
    }
    out.put("intersectional_sdfs", sdfs(r.intersectionalSdfs()));
    out.put("intersectional_alignment", alignment(r.intersectionalAlignment()));
    Map<String, Object> mapping = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Subgroup s : r.composite().subgroups()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("age", s.age());
      m.put("gender", s.gender());
      m.put("race", s.race());
      mapping.put(Integer.toString(s.classId()), m);
      names.add(s.name());
    }
    out.put("class_mapping", mapping);
    out.put("class_names", names);
    Map<String, Object> comparison = new LinkedHashMap<>();
    comparison.put("n_intersectional_features", r.intersectionalFeatures().size());
    comparison.put("n_single_attribute_features", r.singleAttributeFeatures().size());
    comparison.put("n_novel_intersectional", r.novelFeatures().size());
    comparison.put("novel_feature_indices", r.novelFeatures());
    out.put("comparison", comparison);
    IntersectionalOptions o = r.options();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("k1", o.k1());
    params.put("k2", o.k2());
    params.put("k3", o.k3());
    params.put("k_top", o.kTop());
    params.put("min_subgroup_size", o.minSubgroupSize());
    params.put("alpha", o.alpha()); // extension
    params.put("min_effect_size", o.minEffectSize()); // extension
    params.put("mi_bins", o.miBins()); // extension
    out.put("params", params);

    // extension: subgroup sizes and exclusions, which VISTA only logs
    Map<String, Object> subgroups = new LinkedHashMap<>();
    subgroups.put("n_samples", r.composite().validCount() + r.composite().excludedCount());
    subgroups.put("n_valid", r.composite().validCount());
    subgroups.put("n_excluded", r.composite().excludedCount());
    List<Object> classes = new ArrayList<>();
    for (Subgroup s : r.composite().subgroups()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("class", s.classId());
      m.put("name", s.name());
      m.put("size", s.size());
      classes.add(m);
    }
    subgroups.put("classes", classes);
    out.put("subgroups", subgroups);

    // extension: the single-attribute SDFs, shaped as analysis.py's sdf_results.json
    Map<String, Object> single = new LinkedHashMap<>();
    for (Map.Entry<String, SdfResult> e : r.singleAttributeSdfs().entrySet()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sdfs", sdfs(e.getValue()));
      m.put("alignment", alignment(r.singleAttributeAlignment().get(e.getKey())));
      single.put(e.getKey(), m);
    }
    out.put("single_attribute_sdfs", single);

    if (r.interactionEffects() != null) {
      List<Object> tests = new ArrayList<>();
      for (InteractionTest t : r.interactionEffects()) {
        tests.add(interaction(t));
      }
      out.put("anova_interaction", tests);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("n_tested", r.interactionEffects().size());
      summary.put("n_intersectional", r.intersectionalCount());
      summary.put("n_main_effect_only", r.mainEffectOnlyCount());
      summary.put("n_empty_cells", r.emptyCells()); // extension
      out.put("anova_summary", summary);
    }
    if (r.informationDecomposition() != null) {
      List<Object> list = new ArrayList<>();
      double[] synergies = new double[r.informationDecomposition().size()];
      int k = 0;
      int synergistic = 0;
      for (MiDecomposition d : r.informationDecomposition()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature_index", d.featureIndex());
        m.put("mi", d.mi());
        m.put("max_single_mi", d.maxSingleMi());
        m.put("triple_mi", d.tripleMi());
        m.put("synergy_estimate", d.synergyEstimate());
        list.add(m);
        synergies[k++] = d.synergyEstimate();
        if (d.synergyEstimate() > InformationDecomposition.SYNERGY_THRESHOLD) {
          synergistic++;
        }
      }
      out.put("mi_decomposition", list);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("n_features", synergies.length);
      double max = Double.NEGATIVE_INFINITY;
      for (double s : synergies) {
        max = Math.max(max, s);
      }
      summary.put("mean_synergy", synergies.length == 0 ? 0.0 : NumpyOrder.mean(synergies, synergies.length));
      summary.put("max_synergy", synergies.length == 0 ? 0.0 : max);
      summary.put("n_synergistic_gt_001", synergistic);
      out.put("mi_summary", summary);
    }
    return GSON.toJson(out);
  }

  private static Map<String, Object> sdfs(SdfResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (SdfClassResult c : r.classes().values()) {
      m.put(Integer.toString(c.classId()), c.sdfs());
    }
    return m;
  }

  private static Map<String, Object> alignment(SortedMap<Integer, ClassAlignment> a) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ClassAlignment c : a.values()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("feature_indices", c.featureIndices());
      e.put("alignment_rates", c.alignmentRates());
      e.put("mean_alignment_rate", c.meanAlignmentRate());
      m.put(Integer.toString(c.classId()), e);
    }
    return m;
  }

  private static Map<String, Object> interaction(InteractionTest t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("feature_index", t.featureIndex());
    m.put("classification", t.classification());
    if (t.error() != null) {
      m.put("error", t.error());
      return m;
    }
    Map<String, Object> terms = new LinkedHashMap<>();
    for (Map.Entry<String, InteractionTerm> e : t.interactions().entrySet()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("p_value", e.getValue().pValue());
      v.put("p_corrected", e.getValue().pCorrected());
      v.put("partial_eta_squared", e.getValue().partialEtaSquared());
      v.put("significant", e.getValue().significant());
      terms.put(e.getKey(), v);
    }
    m.put("interactions", terms);
    // extension: the whole type II table, statsmodels' column names
    Map<String, Object> table = new LinkedHashMap<>();
    for (AnovaTerm term : t.table().terms()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("sum_sq", term.sumSq());
      row.put("df", (double) term.df());
      row.put("F", term.f());
      row.put("PR(>F)", term.pValue());
      row.put("partial_eta_squared", term.partialEtaSquared());
      table.put(term.name(), row);
    }
    Map<String, Object> resid = new LinkedHashMap<>();
    resid.put("sum_sq", t.table().residualSumSq());
    resid.put("df", (double) t.table().residualDf());
    table.put("Residual", resid);
    m.put("anova_table", table);
    return m;
  }
}
