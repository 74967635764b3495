package io.vista.core.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.VistaException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Spec validation names the offending key and value; defaults are the Python's. */
class SaeSpecTest {
  @Test
  void defaultsAreThePythons() {
    SaeSpec s = SaeSpec.defaults("batchtopk", 768, 4096);
    assertEquals(64, s.topK());
    assertEquals(512, s.topKAux());
    assertEquals(1.0 / 32, s.auxPenalty());
    assertEquals(5, s.nBatchesToDead());
    assertEquals(1e-4, s.l1Coeff());
    assertEquals(1e-4, s.l0Coeff());
    assertEquals(0.001, s.bandwidth());
    assertEquals("batch", s.inference());
    assertEquals(1e-4, s.learningRate());
    assertEquals(s, s.toBuilder().build());
    assertEquals(List.of("vanilla", "topk", "batchtopk", "jumprelu"), SaeVariant.names());
    for (SaeVariant v : SaeVariant.values()) {
      assertEquals(v, v.graph(SaeSpec.defaults(v, 8, 64)).spec().variant());
      assertEquals(v, SaeVariant.fromName(v.configName()));
      assertEquals(v, SaeVariant.fromSaeLensArchitecture(v.saeLensArchitecture()));
    }
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    expect("variant", "'relu'", () -> SaeSpec.defaults("relu", 8, 64));
    expect("variant", "jumprelu", () -> SaeSpec.defaults("relu", 8, 64));
    expect("input_size", "0", () -> SaeSpec.defaults("topk", 0, 64));
    expect("hidden_size", "-3", () -> SaeSpec.defaults("vanilla", 8, -3));
    expect("top_k", "0", () -> SaeSpec.builder("topk", 8, 64).topK(0).build());
    expect("top_k", "65", () -> SaeSpec.builder("batchtopk", 8, 64).topK(65).build());
    expect("top_k_aux", "0", () -> SaeSpec.builder("topk", 8, 64).topKAux(0).build());
    expect("aux_penalty", "-1.0", () -> SaeSpec.builder("topk", 8, 64).auxPenalty(-1).build());
    expect("n_batches_to_dead", "0", () -> SaeSpec.builder("vanilla", 8, 64).nBatchesToDead(0).build());
    expect("l1_coeff", "nan", () -> SaeSpec.builder("vanilla", 8, 64).l1Coeff(Double.NaN).build());
    expect("l0_coeff", "-0.5", () -> SaeSpec.builder("jumprelu", 8, 64).l0Coeff(-0.5).build());
    expect("bandwidth", "0.0", () -> SaeSpec.builder("jumprelu", 8, 64).bandwidth(0).build());
    expect("inference", "'sometimes'", () -> SaeSpec.builder("batchtopk", 8, 64).inference("sometimes").build());
    expect("threshold_momentum", "1.0", () -> SaeSpec.builder("batchtopk", 8, 64).thresholdMomentum(1).build());
    expect("learning_rate", "0.0", () -> SaeSpec.builder("vanilla", 8, 64).learningRate(0).build());
    expect("sparse_decoder", "'maybe'", () -> SaeSpec.builder("topk", 8, 64).sparseDecoder("maybe").build());
  }

  @Test
  void topKIsOnlyCheckedWhereUsed() {
    // The Python config sets top_k = 64 for every variant; a small vanilla SAE must still build.
    assertEquals(64, SaeSpec.defaults("vanilla", 4, 16).topK());
  }

  private static void expect(String key, String value, Supplier<SaeSpec> make) {
    VistaException e = assertThrows(VistaException.class, make::get);
    assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one-line message");
  }
}
