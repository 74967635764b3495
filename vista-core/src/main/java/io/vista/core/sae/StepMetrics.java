package io.vista.core.sae;

/**
 * What one training step reports (the Python logs the same under {@code train/}).
 *
 * @param loss l2 + sparsity + aux
 * @param l2Loss mean squared reconstruction error over all elements
 * @param sparsityLoss the variant's penalty (0 for topk, batchtopk)
 * @param auxLoss the AuxK loss (0 when no feature is dead, or for vanilla, jumprelu)
 * @param l0 mean number of active features per row
 * @param numDead features dead after this batch
 * @param gradNorm Euclidean norm of all parameter gradients after the decoder projection (the
 *     Python's {@code train/grad_norm})
 */
public record StepMetrics(
    float loss,
    float l2Loss,
    float sparsityLoss,
    float auxLoss,
    float l0,
    float numDead,
    float gradNorm) {}
