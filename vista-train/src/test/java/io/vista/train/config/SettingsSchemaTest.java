package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.internal.compat.LightningCheckpoint;
import io.vista.core.internal.compat.LightningCheckpointReader;
import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSetting;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeVariant;
import io.vista.core.sae.SaeWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One schema: every SAE setting has the same default in the bundled YAML, in {@link SaeSpec}'s
 * builder, through a {@code cfg.json} round trip and through the Lightning hyper-parameter import;
 * and the settings the Python VISTA has carry the Python's own defaults.
 */
class SettingsSchemaTest {
  /**
   * The Python VISTA's defaults, read by hand from its sources (config/module/sae.yaml, and the
   * constructors in src/models/sparse_autoencoder.py for the keys that file leaves out).
   */
  private static final Map<String, Object> PYTHON = Map.of(
      "variant", "batchtopk", "learning_rate", 1e-4, "top_k", 64, "top_k_aux", 512, "aux_penalty", 0.03125,
      "n_batches_to_dead", 5, "l1_coeff", 1e-4, "l0_coeff", 1e-4, "bandwidth", 0.001);

  @TempDir Path tmp;

  @Test
  void everySettingHasOneDefaultEverywhere() {
    ResolvedConfig yaml = ConfigFiles.bundled().load("config", List.of());
    SaeSpec builderDefaults = SaeSpec.defaults(SaeVariant.BATCHTOPK, 1024, 4096);
    SaeSpec fromYaml = SaeModuleConfig.from(yaml).spec();
    // Every key of module/sae.yaml is a setting, and every setting is in module/sae.yaml.
    @SuppressWarnings("unchecked")
    Map<String, Object> module = (Map<String, Object>) yaml.get("module");
    List<String> yamlKeys = new ArrayList<>(module.keySet());
    yamlKeys.removeIf(k -> k.startsWith("_"));
    assertEquals(SaeSetting.keys(), yamlKeys);
    for (SaeSetting s : SaeSetting.values()) {
      if (s.defaultValue() == null) {
        continue; // the sizes follow the model group
      }
      Object expected = s.defaultValue();
      assertSame(s, expected, yaml.get("module." + s.key()), "YAML");
      assertSame(s, expected, s.get(builderDefaults), "SaeSpec builder");
      assertSame(s, expected, s.get(fromYaml), "module config");
      // A config that leaves the key out gets the same value.
      SaeSpec without = SaeModuleConfig.from(
          ConfigFiles.bundled().load("config", List.of("~module." + s.key()))).spec();
      assertSame(s, expected, s.get(without), "module config without the key");
      if (s.pythonHasIt()) {
        assertSame(s, PYTHON.get(s.key()), expected, "Python VISTA");
      }
    }
  }

  @Test
  void cfgJsonRoundTripsEverySettingOfEveryVariant() {
    for (SaeVariant v : SaeVariant.values()) {
      // Every setting away from its default, so a key that is not written or not read shows.
      SaeSpec.Builder b = SaeSpec.builder(v, 6, 10).topK(3).topKAux(7).auxPenalty(0.5).nBatchesToDead(9)
          .l1Coeff(2e-3).l0Coeff(3e-3).bandwidth(0.25).thresholdMomentum(0.9).learningRate(7e-3).sparseDecoder("off");
      if (v.hasThreshold()) {
        b.inference("threshold");
      }
      SaeSpec spec = b.build();
      for (SaeSetting s : SaeSetting.values()) {
        if (s.defaultValue() != null && s != SaeSetting.VARIANT && !(s == SaeSetting.INFERENCE && !v.hasThreshold())) {
          assertNotEquals(s.defaultValue(), s.get(spec), s.key() + " is still at its default in the test spec");
        }
      }
      Path dir = tmp.resolve(v.configName());
      SaeModel.of(spec, SaeWeights.initialize(spec, 1)).save(dir);
      assertEquals(spec, SaeModel.load(dir).spec(), v.configName());
    }
  }

  @Test
  void lightningImportTakesTheTableDefaultsForWhatTheCheckpointLacks() throws IOException {
    Path ckpt = tmp.resolve("lightning_topk.ckpt");
    try (InputStream in = SettingsSchemaTest.class.getResourceAsStream("/checkpoints/lightning_topk.ckpt")) {
      Files.copy(in, ckpt);
    }
    LightningCheckpoint raw = LightningCheckpointReader.read(ckpt);
    SaeSpec spec = SaeModel.load(ckpt).spec();
    Map<String, Object> hp = new LinkedHashMap<>(raw.hyperParameters());
    int fromFile = 0;
    for (SaeSetting s : SaeSetting.values()) {
      Object v = hp.get(s.key());
      if (v == null) {
        assertSame(s, s.defaultValue(), s.get(spec), "Lightning import default");
      } else {
        fromFile++;
        Object got = s.get(spec);
        if (got instanceof Number n) {
          assertEquals(((Number) v).doubleValue(), n.doubleValue(), s.key());
        } else {
          assertEquals(v, got, s.key());
        }
      }
    }
    assertTrue(fromFile >= 4, "the fixture carries variant, sizes and top_k at least: " + hp.keySet());
  }

  private static void assertSame(SaeSetting s, Object expected, Object actual, String where) {
    if (expected instanceof Number e && actual instanceof Number a) {
      assertEquals(e.doubleValue(), a.doubleValue(), 0.0, where + ": " + s.key());
    } else {
      assertEquals(expected, actual, where + ": " + s.key());
    }
  }
}
