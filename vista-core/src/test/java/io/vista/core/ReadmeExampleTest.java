package io.vista.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.BatchOptions;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.internal.graph.Tensors;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import io.vista.core.sae.StepMetrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

/** The README's library example, kept compiling and running (at a small size). */
class ReadmeExampleTest {
  @Test
  void readmeExampleTrains(@TempDir Path dir) {
    Path latents = dir.resolve("latents.h5");
    DemoGenerator.generate(new DemoSpec(256, 64, 4, 32, 64, 4, 0.01, 1, false, 1.0), latents);
    SaeSpec spec = SaeSpec.builder("topk", 32, 128).topK(8).learningRate(1e-3).build();
    float first = Float.NaN;
    float last = Float.NaN;
    try (LatentFile file = LatentFile.open(latents);
         SaeSession sae = new SaeSession(spec, SaeWeights.initialize(spec, 42), 0, 0)) {
      LatentSplit train = file.split("training", "encoded");
      BatchOptions opts = BatchOptions.defaults(32).withShuffle(42);
      try (BatchIterator it = BatchIterator.open(train, opts, 0)) {
        while (it.hasNext()) {
          Batch b = it.next();
          try (TFloat32 x = Tensors.of(b.features(), b.rows(), b.dim())) {
            StepMetrics m = sae.trainStep(x);
            first = Float.isNaN(first) ? m.loss() : first;
            last = m.loss();
          }
        }
      }
    }
    assertTrue(last < first, "loss fell over one epoch: " + first + " -> " + last);
  }
}
