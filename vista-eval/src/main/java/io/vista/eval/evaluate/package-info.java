/**
 * The {@code evaluate} command's pipeline: {@link io.vista.eval.evaluate.SplitEncoder} streams a split through
 * the SAE once, {@link io.vista.eval.evaluate.Evaluation} runs the analyses and writes the report.
 */
package io.vista.eval.evaluate;
