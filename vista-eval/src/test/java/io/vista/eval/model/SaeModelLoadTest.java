package io.vista.eval.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.CheckpointException;
import io.vista.core.Provenance;
import io.vista.core.VistaException;
import io.vista.core.sae.SaeModel;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.internal.io.SafeTensors;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import io.vista.eval.TestFiles;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaeModelLoadTest {
  @TempDir Path tmp;

  /** torch's values for vista-core's Lightning fixtures (tools/checkpoints/make_ckpt_fixture.py). */
  private static JsonObject lightningExpected(String file) {
    try (var r = new InputStreamReader(SaeModelLoadTest.class.getResourceAsStream(
        "/checkpoints/lightning_expected.json"), StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static float[] values(JsonObject tensor) {
    JsonArray a = tensor.getAsJsonArray("values");
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  @Test
  void lightningTopK() {
    SaeModel sae = SaeModel.load(TestFiles.copy("/checkpoints/lightning_topk.ckpt", tmp));
    SaeSpec s = sae.spec();
    assertEquals(Provenance.Format.LIGHTNING_CKPT, sae.provenance().format());
    assertEquals("topk", s.variant().configName());
    assertEquals(6, s.dIn());
    assertEquals(10, s.dSae());
    assertEquals(3, s.topK());
    assertEquals(5, s.topKAux());
    assertEquals(1.0 / 32, s.auxPenalty());
    assertEquals(1e-3, s.learningRate());
    JsonObject sd = lightningExpected("lightning_topk.ckpt").getAsJsonObject("state_dict");
    assertArrayEquals(values(sd.getAsJsonObject("model.W_enc")), sae.weights().get("W_enc"));
    // stored transposed in the file (as the Python VISTA leaves it); read in logical [m, d] order
    assertArrayEquals(values(sd.getAsJsonObject("model.W_dec")), sae.weights().get("W_dec"));
    assertArrayEquals(values(sd.getAsJsonObject("model.b_dec")), sae.weights().get("b_dec"));
    assertEquals(2L, sae.provenance().trainingState().get("epoch"));
    // extra.* tensors and the dead-feature buffer are not parameters
    assertFalse(sae.weights().has("num_batches_not_active"));
  }

  @Test
  void lightningJumpReluKeepsLogThresholdAndExportsThreshold() {
    SaeModel sae = SaeModel.load(TestFiles.copy("/checkpoints/lightning_jumprelu.ckpt", tmp));
    assertEquals("jumprelu", sae.spec().variant().configName());
    assertEquals(0.001, sae.spec().bandwidth());
    assertEquals(1e-4, sae.spec().l0Coeff());
    float[] log = values(lightningExpected("lightning_jumprelu.ckpt").getAsJsonObject("state_dict")
        .getAsJsonObject("model.log_threshold"));
    assertArrayEquals(log, sae.weights().get("log_threshold"));
    float[] t = sae.weights().get("threshold");
    for (int i = 0; i < t.length; i++) {
      assertEquals((float) Math.exp(log[i]), t[i]);
    }
  }

  @Test
  void missingHyperparametersTakeThePythonDefaults() {
    // tools/eval/make_e2e_fixtures.py saves the vanilla SAE with variant, sizes and learning rate only
    SaeModel sae = SaeModel.load(TestFiles.copy("/e2e/vanilla.ckpt", tmp));
    SaeSpec s = sae.spec();
    assertEquals("vanilla", s.variant().configName());
    assertEquals(8, s.dIn());
    assertEquals(16, s.dSae());
    assertEquals(1e-4, s.l1Coeff()); // VanillaSAE(l1_coeff=1e-4)
    assertEquals(5, s.nBatchesToDead()); // BaseSAE(n_batches_to_dead=5)
    assertEquals(3e-3, s.learningRate(), 1e-15);
    assertEquals("batch", s.inference());
  }

  @Test
  void saeLensFolderWithOnlyThreshold() {
    Path dir = TestFiles.copyFolder("/checkpoints/saelens_folder", tmp, "cfg.json", "sae_weights.safetensors");
    SaeModel sae = SaeModel.load(dir);
    assertEquals(Provenance.Format.SAELENS_FOLDER, sae.provenance().format());
    assertEquals("jumprelu", sae.spec().variant().configName());
    assertEquals(4, sae.spec().dIn());
    assertEquals(8, sae.spec().dSae());
    float[] stored = SafeTensors.read(dir.resolve("sae_weights.safetensors")).get("threshold").toFloats();
    float[] log = sae.weights().get("log_threshold");
    for (int i = 0; i < log.length; i++) {
      assertEquals(Math.log(stored[i]), log[i], 1e-6 * Math.abs(Math.log(stored[i])) + 1e-7);
    }
    assertTrue(sae.provenance().notes().containsKey("log_threshold"));
  }

  @Test
  void vistaTrainFolderReadsEveryHyperparameterFromItsVistaObject() {
    // written by `java -jar vista-train.jar module.variant=jumprelu ...` (best/ of a 2-epoch run on e2e/ve.h5)
    Path dir = TestFiles.copyFolder("/model/vista_train_jumprelu", tmp, "cfg.json", "sae_weights.safetensors");
    SaeModel sae = SaeModel.load(dir);
    assertEquals(Provenance.Format.VISTA_FOLDER, sae.provenance().format());
    SaeSpec s = sae.spec();
    assertEquals("jumprelu", s.variant().configName());
    assertEquals(8, s.dIn());
    assertEquals(16, s.dSae());
    assertEquals(0.99, s.thresholdMomentum()); // not the default 0.999: read from cfg.json's vista object
    assertEquals(0.001, s.bandwidth());
    assertEquals("batch", s.inference());
    float[] log = sae.weights().get("log_threshold");
    float[] stored = SafeTensors.read(dir.resolve("sae_weights.safetensors")).get("log_threshold").toFloats();
    assertArrayEquals(stored, log);
    assertFalse(sae.provenance().notes().containsKey("ignored_hyperparameters"), sae.provenance().notes().toString());
  }

  @Test
  void saeLensStandardAndTopKArchitectures() {
    for (String arch : List.of("standard", "topk")) {
      Path dir = tmp.resolve(arch);
      JsonObject cfg = new JsonObject();
      cfg.addProperty("architecture", arch);
      cfg.addProperty("d_in", 3);
      cfg.addProperty("d_sae", 5);
      if (arch.equals("topk")) {
        JsonObject kw = new JsonObject();
        kw.addProperty("k", 2);
        cfg.add("activation_fn_kwargs", kw);
      }
      CheckpointStore.write(dir, cfg, tensors(3, 5, false), null, null);
      SaeModel sae = SaeModel.load(dir);
      assertEquals(arch.equals("standard") ? "vanilla" : "topk", sae.spec().variant().configName());
      if (arch.equals("topk")) {
        assertEquals(2, sae.spec().topK());
      }
    }
  }

  @Test
  void convertRoundTripsThroughTheProjectFolder() {
    SaeModel ckpt = SaeModel.load(TestFiles.copy("/checkpoints/lightning_jumprelu.ckpt", tmp));
    Path out = tmp.resolve("converted");
    ckpt.save(out);
    SaeModel folder = SaeModel.load(out);
    assertEquals(Provenance.Format.VISTA_FOLDER, folder.provenance().format());
    assertEquals(ckpt.spec(), folder.spec());
    for (String name : ckpt.weights().names()) {
      assertArrayEquals(ckpt.weights().get(name), folder.weights().get(name), name);
    }
    var cp = CheckpointStore.read(out);
    assertEquals("jumprelu", cp.cfg().get("architecture").getAsString());
    assertEquals(6, cp.cfg().get("d_in").getAsInt());
    assertEquals(10, cp.cfg().get("d_sae").getAsInt());
    assertEquals("lightning-ckpt",
        cp.cfg().getAsJsonObject("vista").getAsJsonObject("converted_from").get("format").getAsString());
    Map<String, NamedTensor> w = cp.weights();
    assertEquals(List.of("W_enc", "b_enc", "W_dec", "b_dec", "log_threshold", "threshold"), List.copyOf(w.keySet()));
    assertArrayEquals(new long[] {6, 10}, w.get("W_enc").shape());
    assertArrayEquals(new long[] {10, 6}, w.get("W_dec").shape());
    assertEquals("F32", w.get("threshold").dtype());
  }

  @Test
  void errorsNameWhatWasFound() throws IOException {
    Path none = tmp.resolve("nope.ckpt");
    assertTrue(assertThrows(CheckpointException.class, () -> SaeModel.load(none)).getMessage()
        .contains("no such checkpoint"));

    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    assertTrue(assertThrows(CheckpointException.class, () -> SaeModel.load(text)).getMessage()
        .contains("unknown checkpoint format"));

    Path emptyDir = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(emptyDir.resolve("log.txt"), "x");
    String m = assertThrows(CheckpointException.class, () -> SaeModel.load(emptyDir)).getMessage();
    assertTrue(m.contains("unknown checkpoint format") && m.contains("log.txt"), m);

    Path noStateDict = TestFiles.copy("/checkpoints/lightning_no_state_dict.ckpt", tmp);
    assertTrue(assertThrows(CheckpointException.class, () -> SaeModel.load(noStateDict)).getMessage()
        .contains("state_dict"));

    // a folder whose cfg has no variant information
    Path noArch = tmp.resolve("noarch");
    JsonObject cfg = new JsonObject();
    cfg.addProperty("d_in", 3);
    CheckpointStore.write(noArch, cfg, tensors(3, 5, false), null, null);
    m = assertThrows(CheckpointException.class, () -> SaeModel.load(noArch)).getMessage();
    assertTrue(m.contains("architecture") && m.contains("d_in"), m);

    // a missing tensor
    Path missing = tmp.resolve("missing");
    Map<String, NamedTensor> t = tensors(3, 5, false);
    t.remove("b_dec");
    JsonObject c2 = new JsonObject();
    c2.addProperty("architecture", "standard");
    c2.addProperty("d_in", 3);
    c2.addProperty("d_sae", 5);
    CheckpointStore.write(missing, c2, t, null, null);
    m = assertThrows(CheckpointException.class, () -> SaeModel.load(missing)).getMessage();
    assertTrue(m.contains("missing tensor 'b_dec'") && m.contains("W_enc"), m);

    // a shape that contradicts d_in
    Path wrong = tmp.resolve("wrong");
    c2.addProperty("d_in", 4);
    CheckpointStore.write(wrong, c2, tensors(3, 5, false), null, null);
    m = assertThrows(CheckpointException.class, () -> SaeModel.load(wrong)).getMessage();
    assertTrue(m.contains("'W_enc' has shape [3, 5], expected [4, 5]"), m);
  }

  @Test
  void settingsNeedAVariantAndNameUnknownKeys() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("input_size", 4L);
    hp.put("hidden_size", 8L);
    String m = assertThrows(VistaException.class, () -> SaeSpec.fromSettings(hp, "x.ckpt")).getMessage();
    assertTrue(m.contains("'variant' is required") && m.contains("input_size"), m);
    hp.put("variant", "topk");
    hp.put("top_k", 3L);
    SaeSpec s = SaeSpec.fromSettings(hp, "x");
    assertEquals(3, s.topK());
    assertEquals(512, s.topKAux()); // TopKSAE(top_k_aux=512)
    hp.put("mystery", "x");
    m = assertThrows(VistaException.class, () -> SaeSpec.fromSettings(hp, "x")).getMessage();
    assertTrue(m.contains("mystery"), m);
  }

  private static Map<String, NamedTensor> tensors(int d, int m, boolean threshold) {
    Map<String, NamedTensor> t = new LinkedHashMap<>();
    t.put(SaeWeights.W_ENC, NamedTensor.ofFloats(new long[] {d, m}, new float[d * m]));
    t.put(SaeWeights.B_ENC, NamedTensor.ofFloats(new long[] {m}, new float[m]));
    t.put(SaeWeights.W_DEC, NamedTensor.ofFloats(new long[] {m, d}, new float[d * m]));
    t.put(SaeWeights.B_DEC, NamedTensor.ofFloats(new long[] {d}, new float[d]));
    if (threshold) {
      t.put(SaeWeights.THRESHOLD, NamedTensor.ofFloats(new long[] {m}, new float[m]));
    }
    return t;
  }
}
