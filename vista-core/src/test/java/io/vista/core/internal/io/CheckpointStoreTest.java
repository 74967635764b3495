package io.vista.core.internal.io;

import io.vista.core.CheckpointException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path tmp;

  private static JsonObject cfg(String architecture, int dSae) {
    JsonObject c = new JsonObject();
    c.addProperty("architecture", architecture);
    c.addProperty("d_in", 3);
    c.addProperty("d_sae", dSae);
    c.add("note", com.google.gson.JsonNull.INSTANCE);
    return c;
  }

  private static Map<String, NamedTensor> weights(float base) {
    Map<String, NamedTensor> w = new LinkedHashMap<>();
    w.put("W_enc", NamedTensor.ofFloats(new long[] {3, 2}, new float[] {base, 1, 2, 3, 4, 5}));
    w.put("W_dec", NamedTensor.ofFloats(new long[] {2, 3}, new float[] {base, -1, -2, -3, -4, -5}));
    w.put("b_enc", NamedTensor.ofFloats(new long[] {2}, new float[] {0.5f, base}));
    w.put("b_dec", NamedTensor.ofFloats(new long[] {3}, new float[] {base, 0, 0}));
    return w;
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void roundTripsAllFourFiles() throws IOException {
    Path dir = tmp.resolve("ckpt");
    Map<String, NamedTensor> opt = new LinkedHashMap<>();
    opt.put("W_enc.exp_avg", NamedTensor.ofFloats(new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6}));
    opt.put("step", NamedTensor.ofLongs(new long[] {}, new long[] {17}));
    JsonObject state = new JsonObject();
    state.addProperty("epoch", 3);
    state.addProperty("global_step", 1234);
    state.addProperty("best_val_loss", Double.POSITIVE_INFINITY);
    CheckpointStore.write(dir, cfg("jumprelu", 2), weights(1f), opt, state);

    assertTrue(CheckpointStore.isCheckpointDir(dir));
    assertEquals(List.of("cfg.json", "optimizer.safetensors", "sae_weights.safetensors", "trainer_state.json"),
        Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
    Checkpoint c = CheckpointStore.read(dir);
    assertEquals(cfg("jumprelu", 2), c.cfg());
    assertEquals(weights(1f), c.weights());
    assertEquals(opt, c.optimizerState());
    assertTrue(c.hasOptimizerState());
    assertEquals(17L, c.optimizerState().get("step").toLongs()[0]);
    assertEquals(Double.POSITIVE_INFINITY, c.trainerState().get("best_val_loss").getAsDouble());
    assertEquals(1234, c.trainerState().get("global_step").getAsLong());
    assertTrue(Files.readString(dir.resolve("cfg.json")).contains("\n  \"architecture\": \"jumprelu\""),
        "pretty printed");
    assertEquals(List.of("ckpt"), listing(), "no temporary folders left");
  }

  @Test
  void optionalFilesMayBeAbsent() {
    Path dir = tmp.resolve("plain");
    CheckpointStore.write(dir, cfg("topk", 2), weights(2f), null, null);
    Checkpoint c = CheckpointStore.read(dir);
    assertTrue(c.optimizerState().isEmpty());
    assertFalse(c.hasOptimizerState());
    assertNull(c.trainerState());
    assertFalse(Files.exists(dir.resolve(CheckpointStore.OPTIMIZER_FILE)));
  }

  /** A SAELens folder written by numpy (tools/checkpoints/make_fixtures.py). */
  @Test
  void readsPlainSaeLensFolder() {
    Path dir = CheckpointFixtures.path("saelens_folder");
    JsonObject expected = CheckpointFixtures.json("saelens_folder.expected.json");
    assertTrue(CheckpointStore.isCheckpointDir(dir));
    Checkpoint c = CheckpointStore.read(dir);
    assertEquals(expected.getAsJsonObject("cfg"), c.cfg());
    assertEquals(List.of("W_enc", "W_dec", "b_enc", "b_dec", "threshold"), List.copyOf(c.weights().keySet()));
    for (Map.Entry<String, JsonElement> e : expected.getAsJsonObject("tensors").entrySet()) {
      NamedTensor t = c.weights().get(e.getKey());
      JsonObject exp = e.getValue().getAsJsonObject();
      assertArrayEquals(CheckpointFixtures.longs(exp.get("shape")), t.shape(), e.getKey());
      assertArrayEquals(CheckpointFixtures.floats(exp.get("values")), t.toFloats(), e.getKey());
    }
    assertTrue(c.optimizerState().isEmpty());
    assertNull(c.trainerState());
  }

  @Test
  void overwriteKeepsTheOldCheckpointReadableUntilTheSwap() throws IOException {
    Path dir = tmp.resolve("ckpt");
    CheckpointStore.write(dir, cfg("topk", 2), weights(1f), null, null);
    AtomicInteger observed = new AtomicInteger();
    // While the new weights are being serialised, the folder must still hold the old checkpoint.
    Map<String, NamedTensor> spying = new ForwardingMap(weights(2f), () -> {
      assertEquals(weights(1f), CheckpointStore.read(dir).weights());
      observed.incrementAndGet();
    });
    CheckpointStore.write(dir, cfg("topk", 2), spying, null, null);
    assertTrue(observed.get() > 0);
    assertEquals(weights(2f), CheckpointStore.read(dir).weights());
    assertEquals(List.of("ckpt"), listing(), "old and temporary folders removed");
  }

  @Test
  void failureMidWriteLeavesOldCheckpointAndNoTemporaryFolder() throws IOException {
    Path dir = tmp.resolve("ckpt");
    CheckpointStore.write(dir, cfg("topk", 2), weights(1f), null, null);
    Map<String, NamedTensor> failing = new ForwardingMap(weights(2f), () -> {
      throw new IllegalStateException("simulated failure while serialising");
    });
    // fails while writing the optimizer file, after cfg.json and the weights are already in the temp folder
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CheckpointStore.write(dir, cfg("batchtopk", 9), weights(3f), failing, new JsonObject()));
    assertEquals("simulated failure while serialising", e.getMessage());
    Checkpoint c = CheckpointStore.read(dir);
    assertEquals(weights(1f), c.weights());
    assertEquals(cfg("topk", 2), c.cfg());
    assertNull(c.trainerState());
    assertEquals(List.of("ckpt"), listing());
  }

  @Test
  void firstWriteFailureLeavesNothing() throws IOException {
    Path dir = tmp.resolve("fresh");
    Map<String, NamedTensor> failing = new ForwardingMap(weights(2f), () -> {
      throw new IllegalStateException("boom");
    });
    assertThrows(IllegalStateException.class, () -> CheckpointStore.write(dir, cfg("topk", 2), failing, null, null));
    assertEquals(List.of(), listing());
    CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointStore.read(dir));
    assertEquals(dir + ": no such checkpoint folder", e.getMessage());
  }

  @Test
  void recoversFromCrashBetweenTheTwoRenames() throws IOException {
    Path dir = tmp.resolve("ckpt");
    CheckpointStore.write(dir, cfg("topk", 2), weights(1f), null, null);
    // state after "rename dir -> .ckpt.old-x" and a crash before "rename tmp -> dir"
    Files.move(dir, tmp.resolve(".ckpt.old-123abc"));
    Files.createDirectory(tmp.resolve(".ckpt.tmp-456def")); // the crashed writer's partial folder
    Files.writeString(tmp.resolve(".ckpt.tmp-456def").resolve("cfg.json"), "{\"arch");
    Checkpoint c = CheckpointStore.read(dir);
    assertEquals(weights(1f), c.weights());
    assertTrue(CheckpointStore.isCheckpointDir(dir));
    assertFalse(Files.exists(tmp.resolve(".ckpt.old-123abc")));
    // the next write cleans up the crashed writer's temporary folder
    CheckpointStore.write(dir, cfg("topk", 2), weights(2f), null, null);
    assertEquals(List.of("ckpt"), listing());
  }

  @Test
  void writeAlsoRecoversBeforeReplacing() throws IOException {
    Path dir = tmp.resolve("ckpt");
    CheckpointStore.write(dir, cfg("topk", 2), weights(1f), null, null);
    Files.move(dir, tmp.resolve(".ckpt.old-aaaaaa"));
    Map<String, NamedTensor> failing = new ForwardingMap(weights(2f), () -> {
      throw new IllegalStateException("boom");
    });
    assertThrows(IllegalStateException.class, () -> CheckpointStore.write(dir, cfg("topk", 2), failing, null, null));
    assertEquals(weights(1f), CheckpointStore.read(dir).weights(), "the recovered old checkpoint survives");
  }

  @Test
  void missingOrDamagedFilesNameTheFile() throws IOException {
    Path dir = tmp.resolve("ckpt");
    CheckpointStore.write(dir, cfg("topk", 2), weights(1f), Map.of("s", NamedTensor.ofLongs(new long[] {1}, new long[] {1})),
        new JsonObject());

    Path weightsFile = dir.resolve(CheckpointStore.WEIGHTS_FILE);
    byte[] w = Files.readAllBytes(weightsFile);
    Files.write(weightsFile, java.util.Arrays.copyOf(w, w.length - 3));
    assertMessageStartsWith(dir, weightsFile + ": tensor 'b_dec' ends at");
    Files.delete(weightsFile);
    assertMessageStartsWith(dir, weightsFile + ": missing");
    Files.write(weightsFile, w);

    Path cfgFile = dir.resolve(CheckpointStore.CFG_FILE);
    String cfgText = Files.readString(cfgFile);
    Files.writeString(cfgFile, cfgText.substring(0, cfgText.length() / 2));
    assertMessageStartsWith(dir, cfgFile + ": not valid JSON");
    Files.writeString(cfgFile, "");
    assertMessageStartsWith(dir, cfgFile + ": not a JSON object");
    Files.writeString(cfgFile, cfgText);

    Path opt = dir.resolve(CheckpointStore.OPTIMIZER_FILE);
    Files.write(opt, new byte[] {1, 2});
    assertMessageStartsWith(dir, opt + ": file has 2 bytes");
    Files.delete(opt);

    Path ts = dir.resolve(CheckpointStore.TRAINER_STATE_FILE);
    Files.writeString(ts, "{\"epoch\": ");
    assertMessageStartsWith(dir, ts + ": not valid JSON");
  }

  @Test
  void refusesToReplaceSomethingThatIsNotACheckpoint() throws IOException {
    Path dir = tmp.resolve("precious");
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("thesis.tex"), "years of work");
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> CheckpointStore.write(dir, cfg("topk", 2), weights(1f), null, null));
    assertTrue(e.getMessage().contains("is not a checkpoint folder"), e.getMessage());
    assertEquals("years of work", Files.readString(dir.resolve("thesis.tex")));

    Path file = tmp.resolve("afile");
    Files.writeString(file, "x");
    assertThrows(CheckpointException.class, () -> CheckpointStore.write(file, cfg("topk", 2), weights(1f), null, null));
    assertFalse(CheckpointStore.isCheckpointDir(file));

    Path empty = tmp.resolve("empty");
    Files.createDirectory(empty);
    CheckpointStore.write(empty, cfg("topk", 2), weights(1f), null, null); // an empty folder is fine
    assertEquals(weights(1f), CheckpointStore.read(empty).weights());
  }

  private static void assertMessageStartsWith(Path dir, String prefix) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointStore.read(dir));
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage() + "\n expected to start with " + prefix);
  }

  /** A map that runs {@code hook} whenever its entries are walked, then behaves like {@code delegate}. */
  static final class ForwardingMap extends AbstractMap<String, NamedTensor> {
    private final Map<String, NamedTensor> delegate;
    private final Runnable hook;

    ForwardingMap(Map<String, NamedTensor> delegate, Runnable hook) {
      this.delegate = delegate;
      this.hook = hook;
    }

    @Override
    public Set<Map.Entry<String, NamedTensor>> entrySet() {
      hook.run();
      return delegate.entrySet();
    }

    @Override
    public boolean isEmpty() {
      return delegate.isEmpty();
    }
  }
}
