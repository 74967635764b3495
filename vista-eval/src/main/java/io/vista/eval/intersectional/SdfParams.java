package io.vista.eval.intersectional;

import io.vista.core.VistaException;

/**
 * Cut-offs of VISTA's three-stage SDF filter ({@code src/analysis.py}).
 *
 * @param k1 features kept per class by activation frequency (stage 1)
 * @param k2 of those, kept by mean activation within the class (stage 2)
 * @param k3 of those, kept by lowest activation-weighted label entropy (stage 3)
 * @param kTop top-activating samples per feature used for the entropy and the alignment rate
 */
public record SdfParams(int k1, int k2, int k3, int kTop) {
  /** VISTA's command-line defaults. */
  public static final SdfParams DEFAULTS = new SdfParams(200, 100, 50, 20);

  public SdfParams {
    // Python's slicing would turn k=0 into "all features"; refuse instead of copying the accident.
    if (k1 < 1 || k2 < 1 || k3 < 1 || kTop < 1) {
      throw new VistaException(
          "SDF cut-offs must be >= 1: k1=" + k1 + ", k2=" + k2 + ", k3=" + k3 + ", k_top=" + kTop);
    }
  }
}
