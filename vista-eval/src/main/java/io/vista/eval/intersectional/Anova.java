package io.vista.eval.intersectional;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Beta;

/**
 * Three-way factorial ANOVA with type II sums of squares: the table of statsmodels'
 * {@code anova_lm(ols("y ~ C(age) * C(gender) * C(race)", df).fit(), typ=2)}, which VISTA's
 * {@code compute_interaction_effects} fits once per feature.
 *
 * <p><b>Definition.</b> The type II sum of squares of a term is the drop in residual sum of
 * squares when the term is added to the model made of all terms that do not contain it (Langsrud
 * 2003, "ANOVA for unbalanced data: use Type II instead of Type III sums of squares"; SAS's
 * R(term | terms not containing it)); its degrees of freedom are the rank that the term adds. F is
 * taken against the residual mean square of the full model. statsmodels obtains the same numbers
 * from Wald tests on the full fit whenever the design has full rank, i.e. every age x gender x race
 * cell of the present levels holds a sample.
 *
 * <p><b>Empty cells.</b> Then the full design is rank deficient and statsmodels' Wald contrasts
 * depend on the pseudo-inverse's minimum-norm solution and on an arbitrary QR completion: its
 * table changes when the rows are merely permuted. This class keeps the model-comparison
 * definition, which is well defined there too (reduced models are compared by their fitted
 * spaces, and degrees of freedom are ranks).
 *
 * <p><b>Computation.</b> All models are spanned by cell indicators, so a response enters only
 * through its cell means and within-cell sum of squares. With weights {@code sqrt(n_cell)} the
 * projections live in the space of the non-empty cells; for each term an orthonormal basis of the
 * part that the term adds is built once per design (Gram-Schmidt with re-orthogonalisation, rank
 * cut at 1e-9 of a column's norm), and a fit costs one pass over the samples plus a few small dot
 * products. The residual sum of squares of the full (saturated cell-means) model is the
 * within-cell sum of squares.
 */
public final class Anova {
  /** Term names in statsmodels' table order. */
  public static final List<String> TERMS =
      List.of(
          "C(age)",
          "C(gender)",
          "C(race)",
          "C(age):C(gender)",
          "C(age):C(race)",
          "C(gender):C(race)",
          "C(age):C(gender):C(race)");

  /** The interaction terms (what VISTA tests). */
  public static final List<String> INTERACTIONS = TERMS.subList(3, 7);

  /** Factor sets of {@link #TERMS} as bit masks: age=1, gender=2, race=4. */
  private static final int[] TERM_MASKS = {1, 2, 4, 3, 5, 6, 7};

  private static final String[] FACTOR_NAMES = {"age", "gender", "race"};
  private static final double RANK_TOL = 1e-9;

  private final int n;
  private final int[] cellOfRow;
  private final int[] cellCount;
  private final int totalCells;
  /** Per term: orthonormal vectors (length = non-empty cells) of what the term adds. */
  private final double[][][] added;

  private Anova(int n, int[] cellOfRow, int[] cellCount, int totalCells, double[][][] added) {
    this.n = n;
    this.cellOfRow = cellOfRow;
    this.cellCount = cellCount;
    this.totalCells = totalCells;
    this.added = added;
  }

  /**
   * Prepares the design of {@code C(age) * C(gender) * C(race)} for equally long label vectors.
   * Levels are the values present (as {@code pd.Categorical}); the first is the reference.
   *
   * @throws VistaException if a factor has a single level (statsmodels fails there too)
   */
  public static Anova threeWay(int[] age, int[] gender, int[] race) {
    int n = age.length;
    if (gender.length != n || race.length != n) {
      throw new VistaException(
          "anova: age, gender, race lengths differ (" + n + ", " + gender.length + ", "
              + race.length + ")");
    }
    int[][] factors = {age, gender, race};
    int[][] levelOf = new int[3][];
    int[] nLevels = new int[3];
    for (int f = 0; f < 3; f++) {
      int[] levels = SdfPipeline.sortedUnique(factors[f]);
      if (levels.length < 2) {
        throw new VistaException(
            "anova: factor " + FACTOR_NAMES[f] + " has "
                + (levels.length == 0 ? "no samples" : "a single level (" + levels[0] + ")")
                + "; its type II test is undefined");
      }
      nLevels[f] = levels.length;
      levelOf[f] = new int[n];
      for (int i = 0; i < n; i++) {
        levelOf[f][i] = java.util.Arrays.binarySearch(levels, factors[f][i]);
      }
    }
    int totalCells = nLevels[0] * nLevels[1] * nLevels[2];
    int[] fullCellOfRow = new int[n];
    int[] fullCount = new int[totalCells];
    for (int i = 0; i < n; i++) {
      int c = (levelOf[0][i] * nLevels[1] + levelOf[1][i]) * nLevels[2] + levelOf[2][i];
      fullCellOfRow[i] = c;
      fullCount[c]++;
    }
    // Compact to the non-empty cells.
    int[] compact = new int[totalCells];
    int k = 0;
    for (int c = 0; c < totalCells; c++) {
      compact[c] = fullCount[c] > 0 ? k++ : -1;
    }
    int[] cellCount = new int[k];
    int[][] cellLevels = new int[k][];
    for (int c = 0; c < totalCells; c++) {
      if (compact[c] >= 0) {
        cellCount[compact[c]] = fullCount[c];
        int r = c % nLevels[2];
        int g = (c / nLevels[2]) % nLevels[1];
        int a = c / (nLevels[2] * nLevels[1]);
        cellLevels[compact[c]] = new int[] {a, g, r};
      }
    }
    int[] cellOfRow = new int[n];
    for (int i = 0; i < n; i++) {
      cellOfRow[i] = compact[fullCellOfRow[i]];
    }
    double[][][] added = new double[TERM_MASKS.length][][];
    for (int t = 0; t < TERM_MASKS.length; t++) {
      int term = TERM_MASKS[t];
      List<double[]> reduced = columns(0, nLevels, cellLevels, cellCount);
      for (int other : TERM_MASKS) {
        if (other != term && (other & term) != term) { // terms not containing `term`
          reduced.addAll(columns(other, nLevels, cellLevels, cellCount));
        }
      }
      List<double[]> basis = orthonormalize(new ArrayList<>(), reduced);
      int before = basis.size();
      orthonormalize(basis, columns(term, nLevels, cellLevels, cellCount));
      added[t] = basis.subList(before, basis.size()).toArray(new double[0][]);
    }
    return new Anova(n, cellOfRow, cellCount, totalCells, added);
  }

  /**
   * Treatment-coded columns of one term (mask 0: the intercept) in the weighted cell space: the
   * product of the indicators of one non-reference level per factor, times sqrt(cell size).
   */
  private static List<double[]> columns(
      int mask, int[] nLevels, int[][] cellLevels, int[] cellCount) {
    List<int[]> combos = new ArrayList<>();
    combos.add(new int[] {-1, -1, -1});
    // age varies fastest, as patsy orders interaction columns
    for (int f = 0; f < 3; f++) {
      if ((mask & (1 << f)) == 0) {
        continue;
      }
      List<int[]> next = new ArrayList<>();
      for (int level = 1; level < nLevels[f]; level++) {
        for (int[] combo : combos) {
          int[] c = combo.clone();
          c[f] = level;
          next.add(c);
        }
      }
      combos = next;
    }
    List<double[]> cols = new ArrayList<>();
    for (int[] combo : combos) {
      double[] col = new double[cellCount.length];
      for (int c = 0; c < col.length; c++) {
        boolean on = true;
        for (int f = 0; f < 3; f++) {
          if (combo[f] >= 0 && cellLevels[c][f] != combo[f]) {
            on = false;
          }
        }
        col[c] = on ? Math.sqrt(cellCount[c]) : 0.0;
      }
      cols.add(col);
    }
    return cols;
  }

  /** Appends to {@code basis} orthonormal vectors spanning what {@code cols} add to it. */
  private static List<double[]> orthonormalize(List<double[]> basis, List<double[]> cols) {
    for (double[] col : cols) {
      double[] v = col.clone();
      double norm0 = norm(v);
      if (norm0 == 0) {
        continue;
      }
      for (int pass = 0; pass < 2; pass++) { // "twice is enough" (Giraud et al. 2005)
        for (double[] q : basis) {
          double d = dot(q, v);
          for (int i = 0; i < v.length; i++) {
            v[i] -= d * q[i];
          }
        }
      }
      double nv = norm(v);
      if (nv <= RANK_TOL * norm0) {
        continue; // dependent on what is already spanned
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= nv;
      }
      basis.add(v);
    }
    return basis;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** Number of samples of the design. */
  public int n() {
    return n;
  }

  /** Number of age x gender x race cells (of the present levels) without a sample. */
  public int emptyCells() {
    return totalCells - cellCount.length;
  }

  /** Residual degrees of freedom of the full model: samples minus non-empty cells. */
  public int residualDf() {
    return n - cellCount.length;
  }

  /** Degrees of freedom of each term, in {@link #TERMS} order. */
  public int[] termDf() {
    int[] df = new int[added.length];
    for (int t = 0; t < df.length; t++) {
      df[t] = added[t].length;
    }
    return df;
  }

  /** The type II table of one feature's activations. */
  public AnovaTable fit(ActivationRows acts, int feature) {
    if (acts.n() != n) {
      throw new VistaException("anova: features have " + acts.n() + " samples, labels " + n);
    }
    float[] col = acts.column(feature);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = col[i];
    }
    return fit(y);
  }

  /** The type II table of a response vector. */
  public AnovaTable fit(double[] y) {
    if (y.length != n) {
      throw new VistaException("anova: response has " + y.length + " values, labels " + n);
    }
    int k = cellCount.length;
    int dfResid = residualDf();
    boolean constant = true;
    for (int i = 1; i < n && constant; i++) {
      constant = y[i] == y[0];
    }
    double grand = 0;
    for (double v : y) {
      grand += v;
    }
    grand /= n;
    // Centring first keeps large offsets from cancelling in the projections.
    double[] cellMean = new double[k];
    for (int i = 0; i < n; i++) {
      cellMean[cellOfRow[i]] += y[i] - grand;
    }
    for (int c = 0; c < k; c++) {
      cellMean[c] /= cellCount[c];
    }
    double ssWithin = 0;
    for (int i = 0; i < n; i++) {
      double d = (y[i] - grand) - cellMean[cellOfRow[i]];
      ssWithin += d * d;
    }
    double[] z = new double[k];
    for (int c = 0; c < k; c++) {
      z[c] = Math.sqrt(cellCount[c]) * cellMean[c];
    }
    if (constant) {
      ssWithin = 0;
    }
    List<AnovaTerm> terms = new ArrayList<>();
    for (int t = 0; t < added.length; t++) {
      double ss = 0;
      if (!constant) {
        for (double[] w : added[t]) {
          double d = dot(w, z);
          ss += d * d;
        }
      }
      int df = added[t].length;
      double f = constant || df == 0 ? Double.NaN : (ss / df) / (ssWithin / dfResid);
      double p = fSurvival(f, df, dfResid);
      double eta = ss + ssWithin > 0 ? ss / (ss + ssWithin) : 0.0;
      terms.add(new AnovaTerm(TERMS.get(t), ss, df, f, p, eta));
    }
    return new AnovaTable(terms, ssWithin, dfResid);
  }

  /**
   * Upper tail {@code P(F > f)} of the F(d1, d2) distribution, computed directly as the
   * regularized incomplete beta {@code I_{d2/(d2+d1 f)}(d2/2, d1/2)} (as scipy's {@code fdtrc})
   * rather than as {@code 1 - FDistribution.cumulativeProbability(f)}, which would round every
   * p-value below about 1e-16 to zero.
   */
  public static double fSurvival(double f, double d1, double d2) {
    if (Double.isNaN(f) || !(d1 > 0) || !(d2 > 0)) {
      return Double.NaN;
    }
    if (f <= 0) {
      return 1.0;
    }
    if (Double.isInfinite(f)) {
      return 0.0;
    }
    return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
  }
}
