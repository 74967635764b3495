package io.vista.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.NamedTensor;
import io.vista.eval.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line errors of the command line, for every way it can be misused. */
class CliTest {
  @TempDir Path tmp;

  record Outcome(int status, String out, String err) {
    void failsWith(int expected, String fragment) {
      assertEquals(expected, status, err);
      String[] lines = err.strip().split("\n");
      if (expected == 2) {
        // a usage error: the reason, then where the usage is (the policy shared by the three CLIs)
        assertEquals(2, lines.length, "the reason and a pointer to --help on stderr: " + err);
        assertEquals("run 'java -jar vista-eval.jar --help' for usage", lines[1].strip());
      } else {
        assertEquals(1, lines.length, "exactly one line on stderr: " + err);
      }
      assertTrue(lines[0].startsWith("vista-eval: "), err);
      assertTrue(err.contains(fragment), "expected '" + fragment + "' in: " + err);
      assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace or exception name: " + err);
    }
  }

  static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void help() {
    Outcome o = run("--help");
    assertEquals(0, o.status());
    assertTrue(o.out().contains("sae-latents") && o.out().contains("--ablation-ks"));
  }

  @Test
  void badArgumentsExitTwo() {
    run("--hdf5", "x.h5").failsWith(2, "required: --checkpoint");
    run("--checkpoint", "c", "--hdf5", "x.h5", "--batch-size", "many").failsWith(2, "invalid int value: 'many'");
    run("--checkpoint", "c", "--hdf5", "x.h5", "--mode", "test").failsWith(2, "--mode test is not one of");
    run("--checkpoint", "c", "--hdf5", "x.h5", "--ablation-ks", "10", "0").failsWith(2, "--ablation-ks 0");
    run("--checkpoint", "c", "--hdf5", "x.h5", "--frobnicate").failsWith(2, "unknown option '--frobnicate'");
    run("--checkpoint", "c", "--checkpoint", "d", "--hdf5", "x.h5").failsWith(2, "--checkpoint given twice");
    run("--checkpoint").failsWith(2, "--checkpoint needs a value");
    run("evaluat").failsWith(2, "unknown command 'evaluat'");
    run("sae-latents", "--batch-size", "0").failsWith(2, "--batch-size 0 must be >= 1");
    run("sae-latents", "--zstd-level", "0").failsWith(2, "--zstd-level 0 is not a Zstd level (1..22)");
    run("sae-latents", "--zstd-level", "23").failsWith(2, "--zstd-level 23 is not a Zstd level (1..22)");
    run("sae-latents", "--zstd-level", "max").failsWith(2, "--zstd-level: invalid int value: 'max'");
    run("convert", "--checkpoint", "x").failsWith(2, "required: --out");
  }

  @Test
  void missingFilesExitOne() {
    Path ckpt = TestFiles.copy("/e2e/topk.ckpt", tmp);
    run("--checkpoint", tmp.resolve("missing.ckpt").toString(), "--hdf5", "x.h5", "--output-dir",
        tmp.toString()).failsWith(1, "no such checkpoint");
    run("--checkpoint", ckpt.toString(), "--hdf5", tmp.resolve("missing.h5").toString(), "--output-dir",
        tmp.toString()).failsWith(1, "missing.h5: no such file");
    run("sae-latents", "--input", tmp.resolve("missing.h5").toString(), "--checkpoint", ckpt.toString(),
        "--output-raw", tmp.resolve("r.h5").toString(), "--output-agg", tmp.resolve("a.h5").toString())
        .failsWith(1, "input file not found");
  }

  @Test
  void unknownCheckpointFormatExitsOne() throws IOException {
    Path h5 = TestFiles.copy("/e2e/ve.h5", tmp);
    Path text = Files.writeString(tmp.resolve("model.bin"), "not a checkpoint");
    run("--checkpoint", text.toString(), "--hdf5", h5.toString(), "--output-dir", tmp.toString())
        .failsWith(1, "unknown checkpoint format");
    // a data file given as the checkpoint
    run("--checkpoint", h5.toString(), "--hdf5", h5.toString(), "--output-dir", tmp.toString())
        .failsWith(1, "unknown checkpoint format");
  }

  @Test
  void wrongWidthExitsOneBeforeAnyWork() {
    Path h5 = TestFiles.copy("/e2e/ve.h5", tmp);
    Path dir = tmp.resolve("d7");
    int d = 7;
    int m = 4;
    JsonObject cfg = new JsonObject();
    cfg.addProperty("architecture", "standard");
    cfg.addProperty("d_in", d);
    cfg.addProperty("d_sae", m);
    Map<String, NamedTensor> t = new LinkedHashMap<>();
    t.put("W_enc", NamedTensor.ofFloats(new long[] {d, m}, new float[d * m]));
    t.put("b_enc", NamedTensor.ofFloats(new long[] {m}, new float[m]));
    t.put("W_dec", NamedTensor.ofFloats(new long[] {m, d}, new float[d * m]));
    t.put("b_dec", NamedTensor.ofFloats(new long[] {d}, new float[d]));
    CheckpointStore.write(dir, cfg, t, null, null);
    Path out = tmp.resolve("out");
    run("--checkpoint", dir.toString(), "--hdf5", h5.toString(), "--output-dir", out.toString())
        .failsWith(1, "/validation/encoded has feature width 8, but the SAE's d_in is 7");
    assertFalse(Files.exists(out.resolve("evaluation_results.json")));
    run("sae-latents", "--input", h5.toString(), "--checkpoint", dir.toString(), "--output-raw",
        tmp.resolve("r.h5").toString(), "--output-agg", tmp.resolve("a.h5").toString())
        .failsWith(1, "has feature width 8, but the SAE's d_in is 7");
    assertFalse(Files.exists(tmp.resolve("r.h5")));
  }

  @Test
  void missingSplitExitsOne() {
    Path h5 = TestFiles.copy("/e2e/ve.h5", tmp);
    Path ckpt = TestFiles.copy("/e2e/topk.ckpt", tmp);
    // an h5 of the right kind but a split it does not have is a data error, not a usage error
    Outcome o = run("--checkpoint", ckpt.toString(), "--hdf5", h5.toString(), "--mode", "training",
        "--output-dir", tmp.resolve("o").toString(), "--quiet", "--ablation-ks", "2");
    // the training split exists (60 samples) and evaluates fine
    assertEquals(0, o.status(), o.err());
    assertEquals("", o.out());
  }

  @Test
  void convertWritesAFolderThatEvaluates() {
    Path ckpt = TestFiles.copy("/e2e/jumprelu.ckpt", tmp);
    Path out = tmp.resolve("jr");
    Outcome o = run("convert", "--checkpoint", ckpt.toString(), "--out", out.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(CheckpointStore.isCheckpointDir(out));
    assertTrue(o.out().contains("jumprelu"));
  }

  @Test
  void convertWritesAProbeFolderFromAPythonProbeCheckpoint() {
    Path ckpt = TestFiles.copy("/checkpoints/lightning_probe.ckpt", tmp);
    Path out = tmp.resolve("probe");
    Outcome o = run("convert", "--checkpoint", ckpt.toString(), "--out", out.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(CheckpointStore.isProbeCheckpointDir(out), out.toString());
    assertTrue(o.out().contains("linear probe"), o.out());
    assertEquals(java.util.List.of("age", "gender", "race"),
        io.vista.core.probe.ProbeModel.load(out).trainedTasks());
  }
}
