package io.vista.eval.intersectional;

import io.vista.core.VistaException;

/**
 * Settings of the intersectional analysis; the defaults are those of VISTA's
 * {@code python -m src.intersectional} command line and of the functions it calls.
 *
 * @param minSubgroupSize smallest (age, gender, race) subgroup kept as a class
 * @param k1 stage-1 cut-off of the SDF filter
 * @param k2 stage-2 cut-off
 * @param k3 stage-3 cut-off
 * @param kTop top-activating samples per feature for entropy and alignment
 * @param skipAnova skip the interaction-effect ANOVA
 * @param skipMi skip the information decomposition
 * @param minEffectSize smallest partial eta-squared of a significant interaction
 * @param alpha significance level before Bonferroni correction
 * @param miBins equal-width bins of the MI estimate
 */
public record IntersectionalOptions(
    int minSubgroupSize,
    int k1,
    int k2,
    int k3,
    int kTop,
    boolean skipAnova,
    boolean skipMi,
    double minEffectSize,
    double alpha,
    int miBins) {
  /** VISTA's defaults: 30, 200, 100, 50, 20, no skipping, 0.01, 0.05, 20 bins. */
  public static final IntersectionalOptions DEFAULTS =
      new IntersectionalOptions(
          30, 200, 100, 50, 20, false, false,
          InteractionEffects.DEFAULT_MIN_EFFECT_SIZE, InteractionEffects.DEFAULT_ALPHA,
          MutualInformation.DEFAULT_BINS);

  public IntersectionalOptions {
    if (minSubgroupSize < 1) {
      throw new VistaException("min_subgroup_size must be >= 1, got " + minSubgroupSize);
    }
    if (miBins < 1) {
      throw new VistaException("mi bins must be >= 1, got " + miBins);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new VistaException("alpha must be in (0, 1], got " + alpha);
    }
    sdfParams(k1, k2, k3, kTop); // validates the cut-offs
  }

  private static SdfParams sdfParams(int k1, int k2, int k3, int kTop) {
    return new SdfParams(k1, k2, k3, kTop);
  }

  /** The SDF filter's cut-offs. */
  public SdfParams sdf() {
    return sdfParams(k1, k2, k3, kTop);
  }

  /** A copy with another minimum subgroup size. */
  public IntersectionalOptions withMinSubgroupSize(int v) {
    return new IntersectionalOptions(v, k1, k2, k3, kTop, skipAnova, skipMi, minEffectSize, alpha, miBins);
  }

  /** A copy with other SDF cut-offs. */
  public IntersectionalOptions withSdf(int k1, int k2, int k3, int kTop) {
    return new IntersectionalOptions(
        minSubgroupSize, k1, k2, k3, kTop, skipAnova, skipMi, minEffectSize, alpha, miBins);
  }

  /** A copy that skips (or not) the ANOVA and the MI decomposition. */
  public IntersectionalOptions withSkips(boolean skipAnova, boolean skipMi) {
    return new IntersectionalOptions(
        minSubgroupSize, k1, k2, k3, kTop, skipAnova, skipMi, minEffectSize, alpha, miBins);
  }

  /** A copy with another significance level and minimum effect size. */
  public IntersectionalOptions withSignificance(double alpha, double minEffectSize) {
    return new IntersectionalOptions(
        minSubgroupSize, k1, k2, k3, kTop, skipAnova, skipMi, minEffectSize, alpha, miBins);
  }
}
