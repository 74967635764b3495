package io.vista.eval.intersectional;

import java.util.List;

/**
 * Alignment of one class's SDFs ({@code compute_alignment_rate} in VISTA's
 * {@code src/analysis.py}): for each SDF, the fraction of its top-k activating samples that belong
 * to the class.
 *
 * @param classId the label value
 * @param featureIndices the class's SDFs, in SDF order
 * @param alignmentRates the alignment rate of each
 * @param meanAlignmentRate their mean (0 when the class has no SDF)
 */
public record ClassAlignment(
    int classId, List<Integer> featureIndices, List<Double> alignmentRates, double meanAlignmentRate) {
  public ClassAlignment {
    featureIndices = List.copyOf(featureIndices);
    alignmentRates = List.copyOf(alignmentRates);
  }
}
