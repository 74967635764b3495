/**
 * The metrics and analyses of VISTA's {@code src/evaluation.py}, as pure computations with the same keys,
 * definitions, ordering and (where it matters for rankings and exact agreement) the same float32 arithmetic.
 *
 * <ul>
 *   <li>Streaming accumulators fed batch by batch during one pass over a split:
 *       {@link io.vista.eval.metrics.SaeHealthAccumulator} ({@code sae_health}),
 *       {@link io.vista.eval.metrics.ReconstructionAccumulator} ({@code reconstruction_quality}, with
 *       {@code r_squared}), and {@link io.vista.eval.metrics.TokenPooling} (per-sample means over tokens).
 *   <li>Analyses of the per-sample matrices held in memory ({@link io.vista.eval.metrics.FeatureMatrix}):
 *       {@link io.vista.eval.metrics.DemographicAlignment} ({@code feature_demographic_alignment}),
 *       {@link io.vista.eval.metrics.AblationStudy} ({@code ablation_study}) and
 *       {@link io.vista.eval.metrics.ProbeComparison} ({@code probe_comparison}), whose probes and splits come
 *       from {@link io.vista.eval.stats}.
 * </ul>
 *
 * <p>numpy's float32 reductions ({@code NumpyFloat32}) and its unstable argsort ({@code NumpyArgsort}) are
 * reproduced so that rankings break ties as the Python does; the fixtures of {@code tools/eval/make_fixtures.py}
 * (outputs of the original evaluation.py functions) pin every block.
 */
package io.vista.eval.metrics;
