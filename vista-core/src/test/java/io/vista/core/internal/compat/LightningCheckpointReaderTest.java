package io.vista.core.internal.compat;

import io.vista.core.internal.io.CheckpointFixtures;

import io.vista.core.internal.io.NamedTensor;

import io.vista.core.CheckpointException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints written by torch 1.13's torch.save with Lightning's layout
 * (tools/checkpoints/make_ckpt_fixture.py); expected values are what torch itself reports.
 */
class LightningCheckpointReaderTest {
  @TempDir Path tmp;

  private static final JsonObject EXPECTED = CheckpointFixtures.json("lightning_expected.json");

  @ParameterizedTest
  @ValueSource(strings = {"lightning_topk.ckpt", "lightning_jumprelu.ckpt"})
  void readsHyperParametersAndStateDictExactly(String name) {
    JsonObject exp = EXPECTED.getAsJsonObject(name);
    LightningCheckpoint c = LightningCheckpointReader.read(CheckpointFixtures.path(name));

    Map<String, Object> hp = new LinkedHashMap<>();
    exp.getAsJsonObject("hyper_parameters").entrySet().forEach(e -> hp.put(e.getKey(), javaValue(e.getValue())));
    assertEquals(hp, c.hyperParameters());
    assertEquals(new ArrayList<>(hp.keySet()), new ArrayList<>(c.hyperParameters().keySet()));

    JsonObject sd = exp.getAsJsonObject("state_dict");
    assertEquals(new ArrayList<>(sd.keySet()), new ArrayList<>(c.stateDict().keySet()));
    for (Map.Entry<String, JsonElement> e : sd.entrySet()) {
      assertTensor(e.getValue().getAsJsonObject(), c.stateDict().get(e.getKey()), name + " " + e.getKey());
    }
    // W_dec is stored transposed, as the Python VISTA leaves it (W_enc.T.clone() keeps the strides)
    assertFalse(sd.getAsJsonObject("model.W_dec").get("contiguous").getAsBoolean());

    List<String> otherKeys = new ArrayList<>();
    exp.getAsJsonArray("top_keys").forEach(k -> otherKeys.add(k.getAsString()));
    otherKeys.remove("state_dict");
    otherKeys.remove("hyper_parameters");
    assertEquals(otherKeys, new ArrayList<>(c.other().keySet()));
    assertEquals(exp.get("epoch").getAsLong(), c.other().get("epoch"));
    assertEquals(exp.get("global_step").getAsLong(), c.other().get("global_step"));
    assertEquals("2.4.0", c.other().get("pytorch-lightning_version"));
    assertEquals("kwargs", c.other().get("hparams_name"));
    assertEquals(List.of(), c.other().get("lr_schedulers"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightning_topk.ckpt", "lightning_jumprelu.ckpt"})
  void readsAdamOptimizerState(String name) {
    JsonObject exp = EXPECTED.getAsJsonObject(name).getAsJsonObject("optimizer");
    LightningCheckpoint c = LightningCheckpointReader.read(CheckpointFixtures.path(name));
    List<?> states = assertInstanceOf(List.class, c.other().get("optimizer_states"));
    Map<?, ?> opt = assertInstanceOf(Map.class, states.get(0));
    Map<?, ?> state = assertInstanceOf(Map.class, opt.get("state"));
    assertEquals(exp.getAsJsonObject("state").size(), state.size());
    for (Map.Entry<String, JsonElement> p : exp.getAsJsonObject("state").entrySet()) {
      Map<?, ?> slots = assertInstanceOf(Map.class, state.get(Long.parseLong(p.getKey())), "param " + p.getKey());
      for (Map.Entry<String, JsonElement> s : p.getValue().getAsJsonObject().entrySet()) {
        assertTensor(s.getValue().getAsJsonObject(), (NamedTensor) slots.get(s.getKey()), "param " + p.getKey() + " " + s.getKey());
      }
    }
    Map<?, ?> group = assertInstanceOf(Map.class, ((List<?>) opt.get("param_groups")).get(0));
    JsonObject g = exp.getAsJsonArray("param_groups").get(0).getAsJsonObject();
    assertEquals(0.001, group.get("lr"));
    assertEquals(List.of(0.9, 0.999), group.get("betas"));
    assertEquals(1e-8, group.get("eps"));
    assertEquals(Boolean.FALSE, group.get("amsgrad"));
    assertEquals(javaValue(g.get("params")), group.get("params"));
  }

  @Test
  void otherGlobalsBecomeInertPlaceholders() {
    LightningCheckpoint c = LightningCheckpointReader.read(CheckpointFixtures.path("lightning_jumprelu.ckpt"));
    Map<?, ?> callbacks = assertInstanceOf(Map.class, c.other().get("callbacks"));
    Map<?, ?> mc = null;
    for (Map.Entry<?, ?> e : callbacks.entrySet()) {
      if (e.getKey().toString().startsWith("ModelCheckpoint{'monitor': 'val/loss'")) {
        mc = (Map<?, ?>) e.getValue();
      }
    }
    assertEquals(0.125f, ((NamedTensor) mc.get("best_model_score")).toFloats()[0]);
    assertEquals(Float.POSITIVE_INFINITY, ((NamedTensor) mc.get("kth_value")).toFloats()[0]);
    assertEquals(0, ((NamedTensor) mc.get("kth_value")).shape().length, "scalar tensor");

    Map<?, ?> objects = assertInstanceOf(Map.class, callbacks.get("objects"));
    PickledObject cb = assertInstanceOf(PickledObject.class, objects.get("callback"));
    assertEquals("lightning.pytorch.callbacks.model_checkpoint.ModelCheckpoint", cb.type());
    Map<?, ?> cbState = assertInstanceOf(Map.class, cb.state());
    assertEquals("/runs", cbState.get("dirpath"));
    assertEquals(1L, cbState.get("save_top_k"));
    assertEquals(0.25f, ((NamedTensor) cbState.get("best_model_score")).toFloats()[0]);

    PickledObject fn = assertInstanceOf(PickledObject.class, objects.get("fn"));
    assertEquals("builtins.getattr", fn.type());
    assertEquals(List.of(new PickleGlobal("lightning.pytorch.trainer.states", "TrainerFn"), "FITTING"), fn.args());
    PickledObject td = assertInstanceOf(PickledObject.class, objects.get("train_time_interval"));
    assertEquals("datetime.timedelta", td.type());
    assertEquals(List.of(0L, 3600L, 0L), td.args());
    PickledObject payload = assertInstanceOf(PickledObject.class, objects.get("payload"));
    assertEquals("builtins.print", payload.type());
    assertEquals(List.of("pickle payload executed"), payload.args());
  }

  /**
   * A hand-assembled checkpoint with one float32 storage of 6 elements and a 2x2 view at offset 1
   * with strides (1, 2), i.e. elements {1, 3; 2, 4}; written once little- and once big-endian
   * (PyTorch >= 2.1 records the byte order in {@code archive/byteorder}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"little", "big"})
  void stridedViewAndByteOrder(String order) throws IOException {
    float[] storage = {10f, 11f, 12f, 13f, 14f, 15f};
    ByteBuffer raw = ByteBuffer.allocate(24).order(order.equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(storage);
    byte[] pkl = PickleBytes.proto2().op('}').op('(')
        .str("state_dict").global("collections", "OrderedDict").op(')', 'R').op('(')
        .str("w").global("torch._utils", "_rebuild_tensor_v2").op('(')
        .op('(').str("storage").global("torch", "FloatStorage").str("0").str("cuda:0").int1(6).op('t').op('Q')
        .int1(1).int1(2).int1(2).op(0x86).int1(1).int1(2).op(0x86).op(0x89)
        .global("collections", "OrderedDict").op(')', 'R')
        .op('t', 'R')
        .op('u')
        .str("hyper_parameters").op('}')
        .op('u', '.').bytes();
    Path f = tmp.resolve(order + ".ckpt");
    zip(f, Map.of("archive/data.pkl", pkl, "archive/data/0", raw.array(),
        "archive/byteorder", order.getBytes(StandardCharsets.US_ASCII)));
    NamedTensor w = LightningCheckpointReader.read(f).stateDict().get("w");
    assertArrayEquals(new long[] {2, 2}, w.shape());
    assertArrayEquals(new float[] {11f, 13f, 12f, 14f}, w.toFloats());
  }

  // ------------------------------------------------------------------ errors

  @Test
  void missingStateDictListsWhatWasFound() {
    Path f = CheckpointFixtures.path("lightning_no_state_dict.ckpt");
    CheckpointException e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(f));
    assertEquals(f + ": no 'state_dict' in checkpoint (found keys: epoch, global_step, pytorch-lightning_version, "
        + "hyper_parameters, optimizer_states, lr_schedulers)", e.getMessage());
  }

  @Test
  void truncatedZip() throws IOException {
    byte[] all = Files.readAllBytes(CheckpointFixtures.path("lightning_topk.ckpt"));
    Path f = tmp.resolve("cut.ckpt");
    Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
    CheckpointException e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(f));
    assertTrue(e.getMessage().startsWith(f + ": not a readable zip archive (truncated or corrupt?)"), e.getMessage());
  }

  @Test
  void unexpectedOpcode() throws IOException {
    Path f = tmp.resolve("op.ckpt");
    byte[] pkl = PickleBytes.proto2().op('}').op('(').str("epoch").op(0xFE).bytes();
    zip(f, Map.of("archive/data.pkl", pkl, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII)));
    CheckpointException e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(f));
    assertEquals(f + ": archive/data.pkl: unsupported pickle opcode 0xfe at offset 14", e.getMessage());
  }

  @Test
  void stateDictEntryThatIsNotATensor() throws IOException {
    Path f = tmp.resolve("odd.ckpt");
    byte[] pkl = PickleBytes.proto2().op('}').op('(')
        .str("state_dict").op('}').op('(').str("model.W_enc").int1(1).op('u')
        .str("hyper_parameters").op('}')
        .op('u').op('.').bytes();
    zip(f, Map.of("archive/data.pkl", pkl));
    CheckpointException e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(f));
    assertEquals(f + ": state_dict['model.W_enc'] is a int, not a readable tensor", e.getMessage());

    byte[] noHp = PickleBytes.proto2().op('}').op('(').str("state_dict").op('}').str("epoch").int1(0).op('u', '.').bytes();
    zip(f, Map.of("archive/data.pkl", noHp));
    e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(f));
    assertEquals(f + ": no 'hyper_parameters' in checkpoint (found keys: state_dict, epoch)", e.getMessage());
  }

  @Test
  void missingStorageEntry() throws IOException {
    Path f = tmp.resolve("nostorage.ckpt");
    Map<String, byte[]> entries = entries(CheckpointFixtures.path("lightning_topk.ckpt"));
    entries.remove("archive/data/0");
    zip(f, entries);
    CheckpointException e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(f));
    assertTrue(e.getMessage().startsWith(f + ": archive/data.pkl: missing storage entry archive/data/0 at offset"),
        e.getMessage());
  }

  @Test
  void corruptStorageBytesFailTheCrc() throws IOException {
    byte[] all = Files.readAllBytes(CheckpointFixtures.path("lightning_topk.ckpt"));
    // find the local header of archive/data/0 and flip the first byte of its data
    byte[] name = "archive/data/0".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(all, name);
    int header = at - 30;
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x04034b50, b.getInt(header), "local file header signature");
    int data = header + 30 + (b.getShort(header + 26) & 0xFFFF) + (b.getShort(header + 28) & 0xFFFF);
    all[data] ^= 0x40;
    Path f = tmp.resolve("crc.ckpt");
    Files.write(f, all);
    CheckpointException e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(f));
    assertTrue(e.getMessage().contains("entry archive/data/0 fails its CRC check"), e.getMessage());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void notAZipAndLegacyFormat() throws IOException {
    Path text = tmp.resolve("a.ckpt");
    Files.writeString(text, "hello");
    CheckpointException e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(text));
    assertTrue(e.getMessage().startsWith(text + ": not a torch.save zip archive"), e.getMessage());
    Path legacy = tmp.resolve("b.ckpt");
    Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10});
    e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(legacy));
    assertTrue(e.getMessage().contains("legacy (pre-1.6, non-zip) torch serialization"), e.getMessage());
    Path missing = tmp.resolve("c.ckpt");
    e = assertThrows(CheckpointException.class, () -> LightningCheckpointReader.read(missing));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  // ------------------------------------------------------------------ helpers

  private static void assertTensor(JsonObject exp, NamedTensor t, String what) {
    String dtype = exp.get("dtype").getAsString();
    assertEquals(dtype, t.dtype(), what);
    assertArrayEquals(CheckpointFixtures.longs(exp.get("shape")), t.shape(), what);
    switch (dtype) {
      case "I64", "I32" -> assertArrayEquals(CheckpointFixtures.longs(exp.get("values")), t.toLongs(), what);
      // torch's own values widened to double: exact for every float type, so compare exactly
      default -> assertArrayEquals(CheckpointFixtures.doubles(exp.get("values")), t.toDoubles(), what);
    }
  }

  /** JSON scalars as the unpickler represents Python values: int -> Long, float -> Double. */
  private static Object javaValue(JsonElement e) {
    if (e.isJsonNull()) {
      return null;
    }
    if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> l.add(javaValue(x)));
      return l;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isString()) {
      return p.getAsString();
    }
    String s = p.getAsString();
    return s.contains(".") || s.contains("e") || s.contains("E") ? (Object) p.getAsDouble() : (Object) p.getAsLong();
  }

  private static Map<String, byte[]> entries(Path zipFile) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zipFile.toFile())) {
      Enumeration<? extends ZipEntry> en = z.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        out.put(e.getName(), z.getInputStream(e).readAllBytes());
      }
    }
    return out;
  }

  private static void zip(Path f, Map<String, byte[]> entries) throws IOException {
    try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
