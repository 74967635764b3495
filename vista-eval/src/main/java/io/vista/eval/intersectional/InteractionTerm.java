package io.vista.eval.intersectional;

/**
 * VISTA's verdict on one interaction term of one feature.
 *
 * @param pValue the term's ANOVA p-value
 * @param pCorrected Bonferroni-corrected p-value, {@code min(p * candidates, 1)}
 * @param partialEtaSquared {@code SS_term / (SS_term + SS_residual)}
 * @param significant {@code pCorrected < alpha && partialEtaSquared > minEffectSize}
 */
public record InteractionTerm(
    double pValue, double pCorrected, double partialEtaSquared, boolean significant) {}
