package examples;

import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.StepMetrics;
import io.vista.core.train.SaeTrainer;
import io.vista.core.train.TrainOptions;
import java.nio.file.Path;
import java.util.List;

/** Training a TopK SAE from code on in-memory arrays, saving it and loading it back. */
public final class TrainTopK {
  private TrainTopK() {}

  /** Trains on {@code batches} (each [rows][d]), writes the model to {@code dir} and returns it. */
  public static SaeModel trainAndSave(List<float[][]> batches, int d, int m, int k, Path dir) {
    try (SaeTrainer trainer = SaeTrainer.create(SaeSpec.topK(d, m, k), TrainOptions.defaults())) {
      for (float[][] batch : batches) {
        StepMetrics metrics = trainer.step(batch);
        System.out.printf("step %d: loss %.5f, L0 %.1f%n", trainer.steps(), metrics.loss(), metrics.l0());
      }
      SaeModel model = trainer.model();
      model.save(dir);
      return model;
    }
  }
}
