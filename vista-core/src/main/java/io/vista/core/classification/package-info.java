/**
 * Classification scores as scikit-learn computes them (accuracy, confusion matrix, the
 * {@code classification_report} dict), shared by probe training and evaluation.
 */
package io.vista.core.classification;
