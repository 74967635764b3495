package io.vista.eval.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SaeEncoderTest {
  private static float[] input(int rows, int d) {
    Random r = new Random(4);
    float[] x = new float[rows * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  /** Plain-Java TopK: relu((x - b_dec) W_enc + b_enc), keep the k largest per row. */
  private static float[] topK(SaeWeights w, float[] x, int rows, int d, int m, int k) {
    float[] wEnc = w.get("W_enc");
    float[] bEnc = w.get("b_enc");
    float[] bDec = w.get("b_dec");
    float[] out = new float[rows * m];
    for (int r = 0; r < rows; r++) {
      double[] pre = new double[m];
      for (int j = 0; j < m; j++) {
        double s = bEnc[j];
        for (int i = 0; i < d; i++) {
          s += (x[r * d + i] - bDec[i]) * (double) wEnc[i * m + j];
        }
        pre[j] = Math.max(0, s);
      }
      double[] sorted = pre.clone();
      java.util.Arrays.sort(sorted);
      double cut = sorted[m - k];
      for (int j = 0; j < m; j++) {
        out[r * m + j] = pre[j] >= cut && pre[j] > 0 ? (float) pre[j] : 0f;
      }
    }
    return out;
  }

  @Test
  void rowIndependentVariantsGiveTheSameValuesInSubBatches() {
    int d = 5;
    int m = 12;
    int tokens = 3;
    int samples = 7;
    SaeSpec spec = SaeSpec.builder("topk", d, m).topK(3).build();
    SaeWeights w = SaeWeights.initialize(spec, 11);
    float[] x = input(samples * tokens, d);
    try (SaeModel session = SaeModel.of(spec, w)) {
      float[] whole = collect(new SaeEncoder(session), x, samples, tokens, m, new ArrayList<>());
      List<Integer> calls = new ArrayList<>();
      // at most 2 samples (2 * 3 * 12 = 72 activations) per call
      float[] parts = collect(new SaeEncoder(session, 80), x, samples, tokens, m, calls);
      assertEquals(List.of(2, 2, 2, 1), calls);
      assertArrayEquals(whole, parts);
      float[] expected = topK(w, x, samples * tokens, d, m, 3);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], whole[i], 1e-5, "activation " + i);
      }
      assertFalse(new SaeEncoder(session).batchDependent());
    }
  }

  @Test
  void batchTopKIsEncodedInOneCall() {
    SaeSpec spec = SaeSpec.builder("batchtopk", 4, 8).topK(2).build();
    try (SaeModel session = SaeModel.of(spec, SaeWeights.initialize(spec, 3))) {
      SaeEncoder enc = new SaeEncoder(session, 8);
      assertTrue(enc.batchDependent());
      List<Integer> calls = new ArrayList<>();
      collect(enc, input(10, 4), 5, 2, 8, calls);
      assertEquals(List.of(5), calls);
    }
  }

  private static float[] collect(SaeEncoder enc, float[] x, int samples, int tokens, int m, List<Integer> calls) {
    float[] out = new float[samples * tokens * m];
    enc.encode(x, samples, tokens, true, (first, count, in, acts, recon) -> {
      calls.add(count);
      assertEquals(count * tokens * m, acts.length);
      assertEquals(in.length, recon.length);
      System.arraycopy(acts, 0, out, first * tokens * m, acts.length);
    });
    return out;
  }
}
