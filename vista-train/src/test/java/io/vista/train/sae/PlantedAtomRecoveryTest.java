package io.vista.train.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.data.demo.DemoTruth;
import io.vista.core.internal.graph.Tensors;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

/**
 * End-to-end recovery of a planted dictionary: latents written by {@link DemoGenerator} (sparse
 * non-negative combinations of known unit atoms + offset + noise) are read back from the HDF5 file
 * and a BatchTopK SAE is trained on them through {@link SaeSession}; the frequently firing true
 * atoms must then each have a decoder row pointing the same way. The expectation is the generating
 * model itself ({@link DemoTruth}), not anything the SAE code computes.
 */
@Tag("slow")
class PlantedAtomRecoveryTest {
  private static final int DIM = 32;
  private static final int ATOMS = 96;
  private static final int ACTIVE = 4;
  private static final int SAMPLES = 1500;
  private static final int TOKENS = 16;
  private static final int ROWS = 256;
  private static final int STEPS = 3000;
  /** Atoms whose marginal firing rate is at least this are "frequent". */
  private static final double FREQUENT_RATE = 0.05;

  @Test
  void batchTopKRecoversTheFrequentPlantedAtoms(@TempDir Path dir) {
    DemoSpec demo = new DemoSpec(SAMPLES, 0, TOKENS, DIM, ATOMS, ACTIVE, 0.02, 11, false, 1.0);
    DemoTruth truth = DemoGenerator.generate(demo, dir.resolve("demo.h5"));

    float[] x;
    try (LatentFile f = LatentFile.open(dir.resolve("demo.h5"))) {
      LatentSplit s = f.split("training", "encoded");
      assertEquals(DIM, s.dim());
      x = s.read(0, SAMPLES);
    }
    int n = x.length / DIM;
    assertEquals(SAMPLES * TOKENS, n);

    SaeSpec spec =
        SaeSpec.builder("batchtopk", DIM, 2 * ATOMS)
            .topK(ACTIVE)
            .topKAux(64)
            .learningRate(2e-3)
            .build();
    SaeWeights init = SaeWeights.initialize(spec, 5);
    float[] wDec;
    try (SaeSession session = new SaeSession(spec, init, 1, 1)) {
      SplittableRandom rng = new SplittableRandom(3);
      int[] order = IntStream.range(0, n).toArray();
      int next = n;
      float[] batch = new float[ROWS * DIM];
      for (int step = 0; step < STEPS; step++) {
        for (int r = 0; r < ROWS; r++) {
          if (next == n) {
            shuffle(order, rng);
            next = 0;
          }
          System.arraycopy(x, order[next++] * DIM, batch, r * DIM, DIM);
        }
        try (TFloat32 t = Tensors.of(batch, ROWS, DIM)) {
          session.trainStep(t);
        }
      }
      wDec = session.weights().get(SaeWeights.W_DEC);
    }

    List<Integer> frequent = frequentAtoms(truth);
    assertTrue(frequent.size() >= 15, "too few frequent atoms to judge: " + frequent.size());
    // The random initial decoder must fail the criterion, or the check would prove nothing.
    double before = medianBestCosine(truth, frequent, init.get(SaeWeights.W_DEC));
    assertTrue(before < 0.9, "the untrained decoder already matches the atoms: " + before);
    double after = medianBestCosine(truth, frequent, wDec);
    System.out.printf(
        "PlantedAtomRecoveryTest: %d frequent atoms, median best cosine %.4f (untrained %.4f)%n",
        frequent.size(), after, before);
    assertTrue(after >= 0.9, "median best cosine " + after + " over " + frequent.size() + " atoms");
  }

  /** The median over {@code atomIds} of the best cosine with any decoder row. */
  private static double medianBestCosine(DemoTruth truth, List<Integer> atomIds, float[] wDec) {
    float[][] atoms = truth.atoms();
    double[] best = new double[atomIds.size()];
    for (int q = 0; q < best.length; q++) {
      best[q] = bestCosine(atoms[atomIds.get(q)], wDec, 2 * ATOMS);
    }
    Arrays.sort(best);
    int h = best.length / 2;
    return best.length % 2 == 1 ? best[h] : (best[h - 1] + best[h]) / 2;
  }

  /**
   * Atoms firing in at least {@link #FREQUENT_RATE} of the tokens: the marginal rate is {@code
   * P(condition) activeRate + (1 - P(condition)) baseRate}, with P(condition) from the class priors
   * the labels were drawn from (attributes independent).
   */
  private static List<Integer> frequentAtoms(DemoTruth truth) {
    double[][] priors = truth.classPriors();
    int[][] cond = truth.atomCondition();
    float[] base = truth.baseRate();
    float[] active = truth.activeRate();
    List<Integer> out = new ArrayList<>();
    List<double[]> rates = new ArrayList<>();
    for (int i = 0; i < cond.length; i++) {
      double p = 0;
      if (cond[i][0] >= 0) {
        p = priors[cond[i][0]][cond[i][1]];
        if (cond[i][2] >= 0) {
          p *= priors[cond[i][2]][cond[i][3]];
        }
      }
      double rate = p * active[i] + (1 - p) * base[i];
      rates.add(new double[] {i, rate});
    }
    rates.sort(Comparator.comparingDouble((double[] r) -> -r[1]));
    for (double[] r : rates) {
      if (r[1] >= FREQUENT_RATE) {
        out.add((int) r[0]);
      }
    }
    return out;
  }

  /** The largest cosine between {@code atom} and any row of {@code wDec} [m, d]. */
  private static double bestCosine(float[] atom, float[] wDec, int m) {
    double best = -1;
    for (int j = 0; j < m; j++) {
      double dot = 0;
      double nr = 0;
      double na = 0;
      for (int i = 0; i < DIM; i++) {
        double w = wDec[j * DIM + i];
        dot += w * atom[i];
        nr += w * w;
        na += (double) atom[i] * atom[i];
      }
      if (nr > 0) {
        best = Math.max(best, dot / Math.sqrt(nr * na));
      }
    }
    return best;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
