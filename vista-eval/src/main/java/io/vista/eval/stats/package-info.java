/**
 * The statistics of VISTA's evaluation.py, reproducing its scikit-learn 1.2.1 / numpy 1.24 calls so that Java
 * and Python runs give the same splits, probes and reports.
 *
 * <ul>
 *   <li>{@link io.vista.eval.stats.NumpyRandomState}: numpy's legacy {@code RandomState}, bit for bit;
 *   <li>{@link io.vista.eval.stats.StratifiedSplit}: {@code train_test_split(..., stratify=y)}, index for index;
 *   <li>{@link io.vista.eval.stats.LogisticRegression}: {@code LogisticRegression(solver="lbfgs")} with the loss
 *       evaluated by TensorFlow and optimised by {@link io.vista.eval.stats.Lbfgs}, which retraces scipy's
 *       L-BFGS-B;
 *   <li>{@link io.vista.core.classification.ClassificationReport} and {@link io.vista.core.classification.ClassificationMetrics}:
 *       {@code classification_report(output_dict=True)}, {@code accuracy_score}, macro F1, confusion matrix.
 * </ul>
 *
 * <p>StatsFixtures pinning each of these come from {@code tools/stats/make_fixtures.py}; the speed and agreement on a
 * large problem are measured by {@link io.vista.eval.stats.LogRegBenchmark} with
 * {@code tools/stats/crosscheck_logreg.py}.
 */
package io.vista.eval.stats;
