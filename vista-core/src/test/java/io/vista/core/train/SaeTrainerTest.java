package io.vista.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.CheckpointException;
import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeVariant;
import io.vista.core.sae.StepMetrics;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SaeTrainer}: training from arrays, snapshots, and a resume that continues exactly. */
class SaeTrainerTest {
  @TempDir Path tmp;

  private static float[][] batch(int rows, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] x = new float[rows][d];
    for (float[] r : x) {
      for (int i = 0; i < d; i++) {
        r[i] = (float) rng.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void resumingFromACheckpointContinuesExactlyAsTheUninterruptedRun() {
    for (SaeVariant v : SaeVariant.values()) {
      SaeSpec spec = SaeSpec.builder(v, 8, 32).topK(4).topKAux(4).nBatchesToDead(2).learningRate(1e-2).build();
      TrainOptions o = TrainOptions.defaults().withSeed(3);
      Map<String, float[]> straight;
      try (SaeTrainer t = SaeTrainer.create(spec, o)) {
        for (int s = 0; s < 6; s++) {
          t.step(batch(32, 8, s));
        }
        straight = t.session().state();
      }
      Path ckpt = tmp.resolve(v.configName());
      try (SaeTrainer t = SaeTrainer.create(spec, o)) {
        for (int s = 0; s < 3; s++) {
          t.step(batch(32, 8, s));
        }
        t.saveCheckpoint(ckpt, Map.of("epoch", 0));
      }
      try (SaeTrainer t = SaeTrainer.resume(ckpt, spec, o)) {
        assertEquals(3, t.steps());
        for (int s = 3; s < 6; s++) {
          t.step(batch(32, 8, s));
        }
        assertEquals(6, t.steps());
        Map<String, float[]> resumed = t.session().state();
        assertEquals(straight.keySet(), resumed.keySet());
        straight.forEach((k, a) -> assertArrayEquals(a, resumed.get(k), v + " " + k));
      }
    }
  }

  @Test
  void snapshotsAreImmutableAndTrainingLowersTheLoss() {
    SaeSpec spec = SaeSpec.topK(8, 32, 4);
    try (SaeTrainer t = SaeTrainer.create(spec, TrainOptions.defaults())) {
      float[][] x = batch(64, 8, 1);
      SaeModel before = t.model();
      float first = t.step(x).loss();
      StepMetrics last = null;
      for (int s = 0; s < 30; s++) {
        last = t.step(x);
      }
      assertTrue(last.loss() < first, first + " -> " + last.loss());
      SaeModel after = t.model();
      assertEquals(31L, after.provenance().trainingState().get("global_step"));
      float[] w0 = before.weights().get("W_enc");
      float[] w1 = after.weights().get("W_enc");
      assertTrue(!java.util.Arrays.equals(w0, w1), "the earlier snapshot did not follow training");
      before.close();
      after.close();
    }
  }

  @Test
  void resumeRefusesACheckpointOfAnotherShapeOrVariant() {
    SaeSpec topk = SaeSpec.topK(8, 32, 4);
    Path ckpt = tmp.resolve("ckpt");
    try (SaeTrainer t = SaeTrainer.create(topk, TrainOptions.defaults())) {
      t.step(batch(16, 8, 0));
      t.saveCheckpoint(ckpt);
    }
    SaeSpec other = SaeSpec.builder(SaeVariant.BATCHTOPK, 8, 32).topK(4).build();
    String m = assertThrows(CheckpointException.class,
        () -> SaeTrainer.resume(ckpt, other, TrainOptions.defaults())).getMessage();
    assertTrue(m.contains("topk") && m.contains("batchtopk") && m.contains("ckpt"), m);
  }
}
