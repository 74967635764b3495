package io.vista.train.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.internal.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plumbing of {@link FixedBatchRun}: batch s feeds step s, options reach the spec, outputs
 * have the documented names and shapes. With a negligible learning rate every step sees the
 * initial weights, so each step's loss is the plain-Java vanilla loss of its batch.
 */
class FixedBatchRunTest {
  private static final int D = 3;
  private static final int M = 4;
  private static final int ROWS = 5;
  private static final int STEPS = 3;
  private static final double L1 = 0.25;

  @Test
  void eachStepReportsTheLossOfItsOwnBatch(@TempDir Path dir) throws IOException {
    SplittableRandom rng = new SplittableRandom(9);
    float[] wEnc = random(rng, D * M);
    float[] bEnc = random(rng, M);
    // Unit-norm decoder rows: the step's decoder projection then leaves W_dec as it is.
    float[] wDec = unitRows(random(rng, M * D));
    float[] bDec = random(rng, D);
    float[] x = random(rng, STEPS * ROWS * D);
    Map<String, NamedTensor> init = new LinkedHashMap<>();
    init.put("W_enc", NamedTensor.ofFloats(new long[] {D, M}, wEnc));
    init.put("b_enc", NamedTensor.ofFloats(new long[] {M}, bEnc));
    init.put("W_dec", NamedTensor.ofFloats(new long[] {M, D}, wDec));
    init.put("b_dec", NamedTensor.ofFloats(new long[] {D}, bDec));
    SafeTensors.write(dir.resolve("init.safetensors"), init, Map.of());
    SafeTensors.write(
        dir.resolve("batches.safetensors"),
        Map.of("batches", NamedTensor.ofFloats(new long[] {STEPS, ROWS, D}, x)),
        Map.of());

    FixedBatchRun.run(
        FixedBatchRun.parse(
            new String[] {
              "--variant", "vanilla",
              "--init", dir.resolve("init.safetensors").toString(),
              "--batches", dir.resolve("batches.safetensors").toString(),
              "--out", dir.resolve("result.json").toString(),
              "--final", dir.resolve("final.safetensors").toString(),
              "--l1-coeff", Double.toString(L1),
              "--lr", "1e-12"
            }));

    JsonObject result =
        JsonParser.parseString(Files.readString(dir.resolve("result.json"))).getAsJsonObject();
    assertEquals(STEPS, result.get("steps").getAsInt());
    for (int s = 0; s < STEPS; s++) {
      double[] expected = vanillaLoss(x, s * ROWS * D, wEnc, bEnc, wDec, bDec);
      double loss = result.getAsJsonArray("loss").get(s).getAsDouble();
      double sparsity = result.getAsJsonArray("sparsity_loss").get(s).getAsDouble();
      assertEquals(expected[0] + expected[1], loss, 1e-5 * Math.abs(loss), "loss of step " + s);
      assertEquals(expected[1], sparsity, 1e-5 * Math.abs(sparsity), "sparsity of step " + s);
    }
    Map<String, NamedTensor> fin = SafeTensors.read(dir.resolve("final.safetensors"));
    assertEquals(init.keySet(), fin.keySet());
    for (String name : init.keySet()) {
      assertArrayEquals(init.get(name).shape(), fin.get(name).shape(), name);
    }
  }

  @Test
  void missingOptionIsAUsageError() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FixedBatchRun.parse(new String[] {"--variant", "topk", "--init", "a"}));
    assertThrows(
        IllegalArgumentException.class, () -> FixedBatchRun.parse(new String[] {"--variant"}));
  }

  /** {l2, l1 penalty} of the vanilla SAE on rows [off, off + ROWS·D), in double precision. */
  private static double[] vanillaLoss(
      float[] x, int off, float[] wEnc, float[] bEnc, float[] wDec, float[] bDec) {
    double sq = 0;
    double l1 = 0;
    for (int r = 0; r < ROWS; r++) {
      double[] acts = new double[M];
      for (int j = 0; j < M; j++) {
        double z = bEnc[j];
        for (int i = 0; i < D; i++) {
          z += (x[off + r * D + i] - bDec[i]) * wEnc[i * M + j];
        }
        acts[j] = Math.max(0, z);
        l1 += acts[j];
      }
      for (int i = 0; i < D; i++) {
        double recon = bDec[i];
        for (int j = 0; j < M; j++) {
          recon += acts[j] * wDec[j * D + i];
        }
        double e = recon - x[off + r * D + i];
        sq += e * e;
      }
    }
    return new double[] {sq / (ROWS * D), L1 * l1 / ROWS};
  }

  private static float[] unitRows(float[] w) {
    for (int j = 0; j < M; j++) {
      double sq = 0;
      for (int i = 0; i < D; i++) {
        sq += (double) w[j * D + i] * w[j * D + i];
      }
      for (int i = 0; i < D; i++) {
        w[j * D + i] = (float) (w[j * D + i] / Math.sqrt(sq));
      }
    }
    return w;
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextDouble(-1, 1);
    }
    return a;
  }
}
