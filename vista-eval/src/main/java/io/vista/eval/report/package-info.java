/**
 * The evaluation report: {@link io.vista.eval.report.EvaluationReport} assembles the JSON tree of
 * {@code evaluation_results.json} in evaluation.py's key order and {@link io.vista.eval.report.JsonReportWriter}
 * writes it atomically; {@link io.vista.eval.report.Metadata} records provenance.
 */
package io.vista.eval.report;
