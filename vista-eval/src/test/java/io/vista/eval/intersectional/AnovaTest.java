package io.vista.eval.intersectional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import java.util.Map;
import org.apache.commons.math3.distribution.FDistribution;
import org.junit.jupiter.api.Test;

class AnovaTest {
  /**
   * Balanced 2x2x2 design, two replicates per cell. With +-1 effect coding every effect is
   * orthogonal and SS_effect = N * coefficient^2 (N = 16); replicates at cell mean +-1 give
   * SS_residual = 16 on 8 df, so the residual mean square is 2.
   */
  @Test
  void balancedTwoByTwoByTwoByHand() {
    double a = 1, g = 0.5, r = 0, ag = 0.25, ar = 0, gr = 0.75, agr = 0.5;
    int n = 16;
    int[] age = new int[n];
    int[] gender = new int[n];
    int[] race = new int[n];
    double[] y = new double[n];
    int i = 0;
    for (int ia = 0; ia < 2; ia++) {
      for (int ig = 0; ig < 2; ig++) {
        for (int ir = 0; ir < 2; ir++) {
          double sa = ia == 0 ? -1 : 1;
          double sg = ig == 0 ? -1 : 1;
          double sr = ir == 0 ? -1 : 1;
          double mean =
              10 + a * sa + g * sg + r * sr + ag * sa * sg + ar * sa * sr + gr * sg * sr
                  + agr * sa * sg * sr;
          for (int rep = 0; rep < 2; rep++) {
            age[i] = ia;
            gender[i] = ig;
            race[i] = ir;
            y[i++] = mean + (rep == 0 ? -1 : 1);
          }
        }
      }
    }
    AnovaTable t = Anova.threeWay(age, gender, race).fit(y);
    assertEquals(16.0, t.residualSumSq(), 1e-12);
    assertEquals(8, t.residualDf());
    double[] ss = {16, 4, 0, 1, 0, 9, 4};
    for (int k = 0; k < 7; k++) {
      AnovaTerm term = t.terms().get(k);
      assertEquals(Anova.TERMS.get(k), term.name());
      assertEquals(ss[k], term.sumSq(), 1e-12, term.name());
      assertEquals(1, term.df());
      assertEquals(ss[k] / 2.0, term.f(), 1e-12, term.name());
      assertEquals(ss[k] / (ss[k] + 16), term.partialEtaSquared(), 1e-12);
      double cdf = new FDistribution(1, 8).cumulativeProbability(ss[k] / 2.0);
      assertEquals(1 - cdf, term.pValue(), 1e-12, term.name());
    }
  }

  @Test
  void matchesStatsmodelsOnAnUnbalancedFullRankDesign() {
    JsonObject fx = IntersectionalFixtures.load("anova_full_rank.json");
    Anova design = design(fx);
    assertEquals(0, design.emptyCells());
    int compared = 0;
    for (Map.Entry<String, JsonElement> e : fx.getAsJsonObject("responses").entrySet()) {
      JsonObject resp = e.getValue().getAsJsonObject();
      AnovaTable t = design.fit(IntersectionalFixtures.doubles(resp.get("y")));
      compared += assertTable(e.getKey(), resp.getAsJsonObject("statsmodels"), t, 1e-6);
      // the independent least-squares comparison agrees too
      assertTable(e.getKey(), resp.getAsJsonObject("model_comparison"), t, 1e-6);
    }
    assertTrue(compared >= 35);
  }

  @Test
  void emptyCellsFollowTheModelComparisonDefinition() {
    // statsmodels' Wald-based type II is not reproducible here (its F changes when rows are
    // permuted, see the fixture's statsmodels_rows_permuted); the reference is an independent
    // lstsq model comparison on the full N x p design, df = rank differences.
    JsonObject fx = IntersectionalFixtures.load("anova_empty_cells.json");
    Anova design = design(fx);
    assertEquals(2, design.emptyCells());
    // 3x2x3 design: the two-way model keeps its full rank 18 - 4 = 14 on the 16 occupied cells,
    // so the three-way term adds 16 - 14 = 2 of its 4 columns.
    assertEquals(2, design.termDf()[6]);
    assertEquals(design.n() - 16, design.residualDf());
    for (Map.Entry<String, JsonElement> e : fx.getAsJsonObject("responses").entrySet()) {
      JsonObject resp = e.getValue().getAsJsonObject();
      AnovaTable t = design.fit(IntersectionalFixtures.doubles(resp.get("y")));
      assertTable(e.getKey(), resp.getAsJsonObject("model_comparison"), t, 1e-6);
    }
  }

  @Test
  void fSurvivalMatchesScipyIncludingTinyTails() {
    JsonObject fx = IntersectionalFixtures.load("f_sf.json");
    double worst = 0;
    for (JsonElement e : fx.getAsJsonArray("rows")) {
      JsonObject r = e.getAsJsonObject();
      double expected = r.get("sf").getAsDouble();
      double actual =
          Anova.fSurvival(
              r.get("F").getAsDouble(), r.get("d1").getAsDouble(), r.get("d2").getAsDouble());
      assertTrue(IntersectionalFixtures.closeRel(expected, actual, 1e-9), r + " got " + actual);
      worst = Math.max(worst, expected == 0 ? 0 : Math.abs(actual - expected) / expected);
    }
    assertTrue(worst < 1e-9);
  }

  @Test
  void constantResponseHasNoTest() {
    int[] age = {0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1};
    int[] gender = {0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1};
    int[] race = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1};
    double[] y = new double[16];
    java.util.Arrays.fill(y, 0.3);
    AnovaTable t = Anova.threeWay(age, gender, race).fit(y);
    for (AnovaTerm term : t.terms()) {
      assertEquals(0.0, term.sumSq());
      assertTrue(Double.isNaN(term.f()));
      assertTrue(Double.isNaN(term.pValue()));
      assertEquals(0.0, term.partialEtaSquared());
    }
  }

  @Test
  void singleLevelFactorIsRefusedAndClassifiedAsError() {
    int[] age = {0, 1, 2, 0, 1, 2};
    int[] gender = {0, 0, 0, 0, 0, 0};
    int[] race = {0, 1, 0, 1, 0, 1};
    VistaException ex =
        assertThrows(VistaException.class, () -> Anova.threeWay(age, gender, race));
    assertTrue(ex.getMessage().contains("gender"), ex.getMessage());
    ActivationRows acts = ActivationRows.of(new float[] {1, 2, 3, 4, 5, 6}, 6, 1);
    InteractionTest test =
        InteractionEffects.test(acts, age, gender, race, new int[] {0}, 0.05, 0.01).get(0);
    assertEquals(InteractionTest.ERROR, test.classification());
    assertEquals(ex.getMessage(), test.error());
  }

  @Test
  void vistaRuleNeedsSignificanceAndEffectSize() {
    // Interaction p = 0.001 with 10 candidates -> corrected 0.01 < 0.05; eta decides.
    AnovaTable big = table(0.001, 5.0, 100.0);
    AnovaTable small = table(0.001, 0.5, 100.0); // eta = 0.5 / 100.5 < 0.01
    InteractionTest a = InteractionEffects.classify(7, big, 10, 0.05, 0.01);
    InteractionTest b = InteractionEffects.classify(7, small, 10, 0.05, 0.01);
    assertEquals(InteractionTest.INTERSECTIONAL, a.classification());
    assertEquals(0.01, a.interactions().get("C(gender):C(race)").pCorrected(), 1e-15);
    assertEquals(InteractionTest.MAIN_EFFECT_ONLY, b.classification());
    // p * candidates is capped at 1
    InteractionTest c = InteractionEffects.classify(7, table(0.2, 5.0, 100.0), 10, 0.05, 0.01);
    assertEquals(1.0, c.interactions().get("C(gender):C(race)").pCorrected());
    assertEquals(InteractionTest.MAIN_EFFECT_ONLY, c.classification());
  }

  private static AnovaTable table(double p, double ss, double ssResid) {
    java.util.List<AnovaTerm> terms = new java.util.ArrayList<>();
    for (String name : Anova.TERMS) {
      boolean gr = name.equals("C(gender):C(race)");
      terms.add(new AnovaTerm(name, gr ? ss : 0, 1, gr ? 1 : 0, gr ? p : 1, 0));
    }
    return new AnovaTable(terms, ssResid, 100);
  }

  private static Anova design(JsonObject fx) {
    JsonObject l = fx.getAsJsonObject("labels");
    return Anova.threeWay(
        IntersectionalFixtures.ints(l.get("age")), IntersectionalFixtures.ints(l.get("gender")), IntersectionalFixtures.ints(l.get("race")));
  }

  /** Asserts sum_sq, df, F and p of every term and the residual row; returns values compared. */
  static int assertTable(String what, JsonObject expected, AnovaTable t, double rel) {
    int n = 0;
    for (AnovaTerm term : t.terms()) {
      JsonObject row = expected.getAsJsonObject(term.name());
      String id = what + " " + term.name();
      assertEquals(row.get("df").getAsDouble(), term.df(), 0.0, id);
      double expSs = IntersectionalFixtures.num(row.get("sum_sq"));
      if (Double.isNaN(expSs) && Double.isNaN(IntersectionalFixtures.num(row.get("F")))) {
        // constant (never-firing) feature: statsmodels backs SS out of F = 0/0; it is 0
        assertEquals(0.0, term.sumSq(), id);
      } else {
        assertTrue(IntersectionalFixtures.closeRel(expSs, term.sumSq(), rel),
            id + " SS " + row.get("sum_sq") + " vs " + term.sumSq());
      }
      assertTrue(IntersectionalFixtures.closeRel(IntersectionalFixtures.num(row.get("F")), term.f(), rel),
          id + " F " + row.get("F") + " vs " + term.f());
      assertTrue(IntersectionalFixtures.closeRel(IntersectionalFixtures.num(row.get("PR(>F)")), term.pValue(), rel),
          id + " p " + row.get("PR(>F)") + " vs " + term.pValue());
      n += 4;
    }
    JsonObject resid = expected.getAsJsonObject("Residual");
    assertEquals(resid.get("df").getAsDouble(), t.residualDf(), 0.0, what);
    assertTrue(IntersectionalFixtures.closeRel(resid.get("sum_sq").getAsDouble(), t.residualSumSq(), 1e-9), what);
    return n;
  }
}
