package io.vista.core.sae;

/**
 * Forward-only metrics of one batch, with the sums needed to aggregate over many batches ({@link
 * ExplainedVariance}).
 *
 * @param rows rows in the batch
 * @param loss l2 + sparsity + aux
 * @param l2Loss mean squared reconstruction error over all elements
 * @param sparsityLoss the variant's penalty
 * @param auxLoss AuxK loss against the current dead features (0 when none is dead)
 * @param l0 mean number of active features per row
 * @param numDead features currently dead (the tracker is not advanced by evaluation)
 * @param cosineSim mean over rows of the cosine similarity of x and its reconstruction
 * @param sumSquaredError sum over all elements of (recon - x)^2
 * @param sumSquaredDeviation sum over all elements of (x - batch mean of its column)^2
 * @param columnSums per input dimension, the sum of x over the batch's rows [d]
 */
public record EvalMetrics(
    long rows,
    float loss,
    float l2Loss,
    float sparsityLoss,
    float auxLoss,
    float l0,
    float numDead,
    float cosineSim,
    double sumSquaredError,
    double sumSquaredDeviation,
    double[] columnSums) {}
