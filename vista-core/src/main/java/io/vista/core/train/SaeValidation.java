package io.vista.core.train;

import io.vista.core.data.Batch;
import io.vista.core.sae.EvalMetrics;
import io.vista.core.sae.ExplainedVariance;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validation pass of an SAE: row-weighted means of the per-batch metrics (as Lightning's
 * epoch-level mean of {@code self.log(..., on_epoch=True)} weighted by batch size), and the
 * explained variance 1 - FVU over the whole split rather than a mean of per-batch values.
 */
final class SaeValidation implements TrainTask.Validation {
  private final SaeTrainer trainer;
  private final ExplainedVariance ev = new ExplainedVariance();
  private final Map<String, Double> weightedSums = new LinkedHashMap<>();
  private long rows;
  private double lastNumDead;

  SaeValidation(SaeTrainer trainer) {
    this.trainer = trainer;
  }

  @Override
  public void add(Batch batch) {
    EvalMetrics m = trainer.evaluate(batch);
    double w = m.rows();
    accumulate("loss", m.loss(), w);
    accumulate("l2_loss", m.l2Loss(), w);
    accumulate("sparsity_loss", m.sparsityLoss(), w);
    accumulate("aux_loss", m.auxLoss(), w);
    accumulate("l0_norm", m.l0(), w);
    accumulate("cosine_sim", m.cosineSim(), w);
    lastNumDead = m.numDead();
    rows += m.rows();
    ev.add(m);
  }

  private void accumulate(String name, double value, double weight) {
    weightedSums.merge(name, value * weight, Double::sum);
  }

  @Override
  public Result result() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : SaeTask.VAL_METRICS) {
      switch (name) {
        case "num_dead_features" -> out.put(name, lastNumDead);
        case "explained_variance" -> out.put(name, ev.explained());
        default -> out.put(name, rows == 0 ? Double.NaN : weightedSums.get(name) / rows);
      }
    }
    return new Result(out, null);
  }
}
