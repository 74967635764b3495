package io.vista.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code reconstruction_quality} block: how well the SAE reconstructs the rows (tokens) it encodes.
 *
 * @param mse mean squared error per element, as evaluation.py's streaming path computes it: each batch's mean
 *     weighted by the batch's row count
 * @param cosineSimilarity mean over rows of the cosine similarity of a row and its reconstruction, weighted the
 *     same way; each norm is clamped to at least 1e-8 as {@code torch.nn.functional.cosine_similarity} does
 * @param rSquared explained variance {@code 1 - SSE / (SST + 1e-12)} over the whole split, where SSE is the sum
 *     over rows and dimensions of {@code (x - recon)^2} and SST the sum of {@code (x - mean)^2} about the
 *     per-dimension mean of x over all rows of the split -- evaluation.py's {@code reconstruction_quality}
 *     definition, which its streaming path (and so its JSON) drops
 */
public record ReconstructionQuality(double mse, double cosineSimilarity, double rSquared) {
  /** The JSON object: mse, cosine_similarity, r_squared. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mse", mse);
    out.put("cosine_similarity", cosineSimilarity);
    out.put("r_squared", rSquared);
    return out;
  }
}
