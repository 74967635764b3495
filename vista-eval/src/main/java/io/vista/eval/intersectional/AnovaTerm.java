package io.vista.eval.intersectional;

/**
 * One row of a type II ANOVA table.
 *
 * @param name the term as statsmodels names it, e.g. {@code C(gender):C(race)}
 * @param sumSq type II sum of squares
 * @param df degrees of freedom (the term's rank given the terms not containing it)
 * @param f F statistic against the full model's residual mean square
 * @param pValue upper tail of the F(df, residual df) distribution at {@code f}
 * @param partialEtaSquared {@code sumSq / (sumSq + residual sum of squares)}, 0 when both are 0
 */
public record AnovaTerm(
    String name, double sumSq, int df, double f, double pValue, double partialEtaSquared) {}
