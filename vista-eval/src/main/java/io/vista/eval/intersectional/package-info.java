/**
 * VISTA's demographic feature discovery and intersectional analysis as pure functions on
 * per-sample SAE features: the three-stage SDF filter and alignment rate ({@link
 * io.vista.eval.intersectional.SdfPipeline}), composite age x gender x race subgroups ({@link
 * io.vista.eval.intersectional.CompositeLabels}), three-way type II ANOVA ({@link
 * io.vista.eval.intersectional.Anova}) with VISTA's interaction rule ({@link
 * io.vista.eval.intersectional.InteractionEffects}), bias-corrected binned mutual information
 * ({@link io.vista.eval.intersectional.MutualInformation}, {@link
 * io.vista.eval.intersectional.InformationDecomposition}), and the whole analysis ({@link
 * io.vista.eval.intersectional.IntersectionalAnalysis}).
 *
 * <p>Reference: {@code src/analysis.py} and {@code src/intersectional.py} of VISTA
 * (github.com/ozanbayiz/vista); tie orders follow numpy 1.24, ANOVA tables statsmodels 0.13.
 */
package io.vista.eval.intersectional;
