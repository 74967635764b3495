package io.vista.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.data.BatchIterator;
import io.vista.core.data.BatchOptions;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSpec;
import io.vista.core.train.SaeTrainer;
import io.vista.core.train.TrainOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library usage, streamed from an HDF5 file (small sizes): train, save, load, encode. */
class ReadmeExampleTest {
  @Test
  void trainFromAStreamedFileSaveLoadAndEncode(@TempDir Path dir) {
    Path latents = dir.resolve("latents.h5");
    DemoGenerator.generate(new DemoSpec(256, 64, 4, 32, 64, 4, 0.01, 1, false, 1.0), latents);
    float first = Float.NaN;
    float last = Float.NaN;
    float[][] rows;
    try (LatentFile file = LatentFile.open(latents);
         SaeTrainer trainer = SaeTrainer.create(SaeSpec.topK(32, 128, 8), TrainOptions.defaults())) {
      LatentSplit train = file.split("training", "encoded");
      try (BatchIterator it = BatchIterator.open(train, BatchOptions.defaults(32).withShuffle(42), 0)) {
        while (it.hasNext()) {
          float loss = trainer.step(it.next()).loss();
          first = Float.isNaN(first) ? loss : first;
          last = loss;
        }
      }
      trainer.model().save(dir.resolve("sae"));
      float[] x = file.split("validation", "encoded").read(0, 2);
      rows = new float[][] {java.util.Arrays.copyOfRange(x, 0, 32), java.util.Arrays.copyOfRange(x, 32, 64)};
      try (SaeModel sae = SaeModel.load(dir.resolve("sae")); SaeModel snapshot = trainer.model()) {
        assertArrayEquals(snapshot.encode(rows)[1], sae.encode(rows)[1]);
      }
    }
    assertTrue(last < first, "loss fell over one epoch: " + first + " -> " + last);
  }
}
