package io.vista.core.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.VistaException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python initialisation and the weight container's validation. */
class SaeWeightsTest {
  @Test
  void initialisationFollowsThePython() {
    int d = 48;
    int m = 192;
    SaeWeights w = SaeWeights.initialize(SaeSpec.defaults("topk", d, m), 5);
    assertEquals(List.of("W_enc", "b_enc", "W_dec", "b_dec"), List.copyOf(w.names()));
    assertArrayEquals(new long[] {d, m}, w.shape("W_enc"));
    assertArrayEquals(new long[] {m, d}, w.shape("W_dec"));
    float[] enc = w.get("W_enc");
    float[] dec = w.get("W_dec");
    // kaiming_uniform_ on a (d, m) tensor: fan_in = m, bound = sqrt(6 / m); variance bound^2 / 3.
    double bound = Math.sqrt(6.0 / m);
    double sum = 0;
    double sq = 0;
    for (float v : enc) {
      assertTrue(Math.abs(v) <= bound);
      sum += v;
      sq += v * (double) v;
    }
    double n = enc.length;
    assertEquals(0, sum / n, 4 * bound / Math.sqrt(3 * n));
    assertEquals(bound * bound / 3, sq / n, 0.05 * bound * bound / 3);
    // W_dec = normalize(W_enc^T) row-wise.
    for (int j = 0; j < m; j++) {
      double norm = 0;
      for (int i = 0; i < d; i++) {
        norm += enc[i * m + j] * (double) enc[i * m + j];
      }
      norm = Math.sqrt(norm);
      double rowNorm = 0;
      for (int i = 0; i < d; i++) {
        assertEquals(enc[i * m + j] / norm, dec[j * d + i], 1e-6);
        rowNorm += dec[j * d + i] * (double) dec[j * d + i];
      }
      assertEquals(1, rowNorm, 1e-5);
    }
    assertArrayEquals(new float[m], w.get("b_enc"));
    assertArrayEquals(new float[d], w.get("b_dec"));
    assertArrayEquals(enc, SaeWeights.initialize(SaeSpec.defaults("topk", d, m), 5).get("W_enc"));
    assertFalse(Arrays.equals(enc, SaeWeights.initialize(SaeSpec.defaults("topk", d, m), 6).get("W_enc")));
  }

  @Test
  void variantExtras() {
    SaeWeights j = SaeWeights.initialize(SaeSpec.defaults("jumprelu", 4, 8), 1);
    assertArrayEquals(new float[8], j.get("log_threshold"));
    float[] ones = new float[8];
    Arrays.fill(ones, 1f);
    assertArrayEquals(ones, j.get("threshold"));
    SaeWeights b = SaeWeights.initialize(SaeSpec.builder("batchtopk", 4, 8).topK(2).build(), 1);
    float[] unset = new float[8];
    Arrays.fill(unset, -1f);
    assertArrayEquals(unset, b.get("threshold"));
    assertFalse(SaeWeights.initialize(SaeSpec.defaults("vanilla", 4, 8), 1).has("threshold"));
  }

  @Test
  void ofValidatesNamesAndSizes() {
    SaeSpec spec = SaeSpec.defaults("jumprelu", 4, 8);
    Map<String, float[]> a = new LinkedHashMap<>(SaeWeights.initialize(spec, 1).asMap());
    a.remove("threshold");
    a.put("log_threshold", new float[] {0, 1, 0, 0, 0, 0, 0, 0});
    assertEquals((float) Math.E, SaeWeights.of(spec, a).get("threshold")[1]);
    a.put("b_dec", new float[3]);
    VistaException e = assertThrows(VistaException.class, () -> SaeWeights.of(spec, a));
    assertTrue(e.getMessage().contains("b_dec") && e.getMessage().contains("[4]"), e.getMessage());
    a.put("b_dec", new float[4]);
    a.put("bogus", new float[1]);
    e = assertThrows(VistaException.class, () -> SaeWeights.of(spec, a));
    assertTrue(e.getMessage().contains("bogus"), e.getMessage());
    a.remove("bogus");
    a.remove("W_enc");
    e = assertThrows(VistaException.class, () -> SaeWeights.of(spec, a));
    assertTrue(e.getMessage().contains("W_enc"), e.getMessage());
  }
}
