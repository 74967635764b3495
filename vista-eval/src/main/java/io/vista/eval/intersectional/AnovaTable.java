package io.vista.eval.intersectional;

import java.util.List;

/**
 * Type II ANOVA table of one response, rows in statsmodels' order (main effects, two-way, the
 * three-way interaction) followed by the residual.
 *
 * @param terms the model terms
 * @param residualSumSq residual sum of squares of the full model
 * @param residualDf residual degrees of freedom of the full model (samples minus its rank)
 */
public record AnovaTable(List<AnovaTerm> terms, double residualSumSq, int residualDf) {
  public AnovaTable {
    terms = List.copyOf(terms);
  }

  /** The row of a term by its statsmodels name, or null. */
  public AnovaTerm term(String name) {
    for (AnovaTerm t : terms) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
