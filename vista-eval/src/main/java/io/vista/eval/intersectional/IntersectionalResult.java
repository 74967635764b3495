package io.vista.eval.intersectional;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Everything {@link IntersectionalAnalysis#run} finds; {@link #toJson()} writes it with the key
 * names of VISTA's {@code intersectional_results.json}.
 *
 * @param options the settings used
 * @param composite the intersectional subgroups and per-sample composite labels
 * @param singleAttributeSdfs SDF filter per single attribute ({@code age}, {@code gender},
 *     {@code race})
 * @param singleAttributeAlignment alignment rates of those SDFs (as VISTA's {@code analysis.py})
 * @param intersectionalSdfs SDF filter on the composite labels (retained samples only)
 * @param intersectionalAlignment alignment rates of the intersectional SDFs
 * @param intersectionalFeatures sorted union of the intersectional SDFs
 * @param singleAttributeFeatures sorted union of all single-attribute SDFs
 * @param novelFeatures intersectional SDFs no single-attribute filter found, sorted
 * @param interactionEffects per intersectional SDF, the ANOVA verdict; null when skipped or when
 *     there is no intersectional SDF (VISTA then writes no ANOVA section)
 * @param emptyCells age x gender x race cells without a sample in the ANOVA design (-1 when no
 *     ANOVA was run); with empty cells statsmodels' type II tables are not reproducible
 * @param informationDecomposition per intersectional SDF, the MI decomposition; null when skipped
 *     or when there is no intersectional SDF
 */
public record IntersectionalResult(
    IntersectionalOptions options,
    CompositeLabels composite,
    Map<String, SdfResult> singleAttributeSdfs,
    Map<String, SortedMap<Integer, ClassAlignment>> singleAttributeAlignment,
    SdfResult intersectionalSdfs,
    SortedMap<Integer, ClassAlignment> intersectionalAlignment,
    List<Integer> intersectionalFeatures,
    List<Integer> singleAttributeFeatures,
    List<Integer> novelFeatures,
    List<InteractionTest> interactionEffects,
    int emptyCells,
    List<MiDecomposition> informationDecomposition) {
  public IntersectionalResult {
    singleAttributeSdfs = Collections.unmodifiableMap(new LinkedHashMap<>(singleAttributeSdfs));
    singleAttributeAlignment =
        Collections.unmodifiableMap(new LinkedHashMap<>(singleAttributeAlignment));
    intersectionalAlignment = Collections.unmodifiableSortedMap(intersectionalAlignment);
    intersectionalFeatures = List.copyOf(intersectionalFeatures);
    singleAttributeFeatures = List.copyOf(singleAttributeFeatures);
    novelFeatures = List.copyOf(novelFeatures);
    interactionEffects = interactionEffects == null ? null : List.copyOf(interactionEffects);
    informationDecomposition =
        informationDecomposition == null ? null : List.copyOf(informationDecomposition);
  }

  /** Number of features classified {@code intersectional} (0 without ANOVA). */
  public int intersectionalCount() {
    return count(InteractionTest.INTERSECTIONAL);
  }

  /** Number of features classified {@code main_effect_only} (0 without ANOVA). */
  public int mainEffectOnlyCount() {
    return count(InteractionTest.MAIN_EFFECT_ONLY);
  }

  private int count(String classification) {
    if (interactionEffects == null) {
      return 0;
    }
    return (int)
        interactionEffects.stream().filter(t -> t.classification().equals(classification)).count();
  }

  /** Pretty-printed JSON with VISTA's keys (no {@code _metadata}). */
  public String toJson() {
    return IntersectionalJson.write(this, null);
  }

  /** Pretty-printed JSON with VISTA's keys and the given {@code _metadata} section first. */
  public String toJson(Map<String, ?> metadata) {
    return IntersectionalJson.write(this, metadata);
  }
}
