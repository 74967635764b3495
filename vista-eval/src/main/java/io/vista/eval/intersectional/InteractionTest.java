package io.vista.eval.intersectional;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One feature's interaction-effect test ({@code compute_interaction_effects} in VISTA's
 * {@code src/intersectional.py}).
 *
 * @param featureIndex the SAE feature
 * @param classification {@value #INTERSECTIONAL}, {@value #MAIN_EFFECT_ONLY} or {@value #ERROR}
 * @param interactions the interaction terms' verdicts by statsmodels term name (empty on error)
 * @param table the full type II table (null on error)
 * @param error why the ANOVA could not be fitted (null otherwise)
 */
public record InteractionTest(
    int featureIndex,
    String classification,
    Map<String, InteractionTerm> interactions,
    AnovaTable table,
    String error) {
  public static final String INTERSECTIONAL = "intersectional";
  public static final String MAIN_EFFECT_ONLY = "main_effect_only";
  public static final String ERROR = "error";

  public InteractionTest {
    interactions = Collections.unmodifiableMap(new LinkedHashMap<>(interactions));
  }
}
