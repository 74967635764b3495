package io.vista.eval.intersectional;

import io.vista.eval.numpy.NumpyOrder;
import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VISTA's test for genuinely intersectional features ({@code compute_interaction_effects}): a
 * three-way type II ANOVA per candidate feature; the feature is {@code intersectional} when at
 * least one interaction term has a Bonferroni-corrected p-value (over the number of candidates)
 * below {@code alpha} and a partial eta-squared above {@code minEffectSize}, otherwise
 * {@code main_effect_only}.
 */
public final class InteractionEffects {
  /** VISTA's default significance level. */
  public static final double DEFAULT_ALPHA = 0.05;
  /** VISTA's default minimum partial eta-squared. */
  public static final double DEFAULT_MIN_EFFECT_SIZE = 0.01;

  private InteractionEffects() {}

  /**
   * Tests each candidate feature over all samples. If the design cannot be fitted (a factor with
   * a single level) every candidate is classified {@code error} with the reason, as VISTA records
   * statsmodels' exception.
   */
  public static List<InteractionTest> test(
      ActivationRows acts,
      int[] age,
      int[] gender,
      int[] race,
      int[] candidates,
      double alpha,
      double minEffectSize) {
    Anova design;
    try {
      design = Anova.threeWay(age, gender, race);
    } catch (VistaException e) {
      List<InteractionTest> out = new ArrayList<>();
      for (int f : candidates) {
        out.add(new InteractionTest(f, InteractionTest.ERROR, Map.of(), null, e.getMessage()));
      }
      return out;
    }
    return test(acts, design, candidates, alpha, minEffectSize);
  }

  /** Tests each candidate feature against a prepared design (Bonferroni over the candidates). */
  public static List<InteractionTest> test(
      ActivationRows acts, Anova design, int[] candidates, double alpha, double minEffectSize) {
    List<InteractionTest> out = new ArrayList<>();
    acts.forEachColumn(candidates, (f, col) -> {
      double[] y = NumpyOrder.widen(col);
      out.add(classify(f, design.fit(y), candidates.length, alpha, minEffectSize));
    });
    return out;
  }

  /** VISTA's rule applied to one feature's table. */
  public static InteractionTest classify(
      int feature, AnovaTable table, int bonferroni, double alpha, double minEffectSize) {
    Map<String, InteractionTerm> terms = new LinkedHashMap<>();
    boolean intersectional = false;
    for (String name : Anova.INTERACTIONS) {
      AnovaTerm t = table.term(name);
      if (t == null) {
        continue;
      }
      double p = t.pValue();
      double ss = t.sumSq();
      double ssResid = table.residualSumSq();
      double eta = ss + ssResid > 0 ? ss / (ss + ssResid) : 0.0;
      double corrected = Math.min(p * bonferroni, 1.0); // NaN stays NaN, as Python's min(nan, 1.0)
      boolean significant = corrected < alpha && eta > minEffectSize;
      terms.put(name, new InteractionTerm(p, corrected, eta, significant));
      intersectional |= significant;
    }
    String cls =
        intersectional ? InteractionTest.INTERSECTIONAL : InteractionTest.MAIN_EFFECT_ONLY;
    return new InteractionTest(feature, cls, terms, table, null);
  }
}
