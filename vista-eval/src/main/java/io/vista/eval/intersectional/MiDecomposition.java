package io.vista.eval.intersectional;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Information decomposition of one feature ({@code information_decomposition} in VISTA).
 *
 * @param featureIndex the SAE feature
 * @param mi bias-corrected MI in bits with each label set, keyed {@code age}, {@code gender},
 *     {@code race}, {@code age_x_gender}, {@code age_x_race}, {@code gender_x_race},
 *     {@code age_x_gender_x_race} (the last over the samples of retained subgroups only)
 * @param maxSingleMi the largest of the three single-attribute MIs
 * @param tripleMi MI with the composite label
 * @param synergyEstimate {@code tripleMi - maxSingleMi}
 */
public record MiDecomposition(
    int featureIndex,
    Map<String, Double> mi,
    double maxSingleMi,
    double tripleMi,
    double synergyEstimate) {
  public MiDecomposition {
    mi = Collections.unmodifiableMap(new LinkedHashMap<>(mi));
  }
}
