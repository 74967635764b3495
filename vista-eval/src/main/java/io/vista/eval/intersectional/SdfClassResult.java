package io.vista.eval.intersectional;

import java.util.List;

/**
 * One class's passage through the SDF filter: the features kept at each stage, best first, with
 * the score that ranked them.
 *
 * @param classId the label value
 * @param stage1Features top-k1 features by activation frequency within the class, descending
 * @param stage1Frequency their activation frequency (fraction of the class's samples with a
 *     positive activation)
 * @param stage2Features top-k2 of the stage-1 features by mean activation, descending
 * @param stage2MeanActivation their mean activation within the class (a float32 mean, as numpy)
 * @param sdfs the k3 stage-2 features with the lowest label entropy, ascending entropy: the SDFs
 * @param sdfEntropy their activation-weighted label entropy (nats) over the top-k activations
 */
public record SdfClassResult(
    int classId,
    List<Integer> stage1Features,
    List<Double> stage1Frequency,
    List<Integer> stage2Features,
    List<Double> stage2MeanActivation,
    List<Integer> sdfs,
    List<Double> sdfEntropy) {
  public SdfClassResult {
    stage1Features = List.copyOf(stage1Features);
    stage1Frequency = List.copyOf(stage1Frequency);
    stage2Features = List.copyOf(stage2Features);
    stage2MeanActivation = List.copyOf(stage2MeanActivation);
    sdfs = List.copyOf(sdfs);
    sdfEntropy = List.copyOf(sdfEntropy);
  }
}
