package io.vista.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole trainer on generated data: the BatchTopK default reaches the quality bar,
 * every variant trains, checkpoints are self-describing, resume continues, divergence stops.
 */
@Tag("slow")
class SaeTrainingIntegrationTest {
  @Test
  void batchTopKReachesExplainedVarianceWithL0NearTopK(@TempDir Path dir) throws Exception {
    // The README's first run (+experiment=demo), with fewer epochs.
    CliRunner.Outcome o = CliRunner.run("+experiment=demo", "trainer.max_epochs=6",
        "hydra.run.dir=" + dir.resolve("run"), "data.demo.path=" + dir.resolve("demo.h5"),
        "logging.quiet=true", "logging.tensorboard=false");
    assertEquals(0, o.exitCode(), o.err());
    Map<String, Double> val = lastValidation(dir.resolve("run/metrics.csv"));
    assertTrue(val.get("val/explained_variance") >= 0.9, "explained variance " + val);
    assertEquals(16.0, val.get("val/l0_norm"), 1.6, "L0 within 10% of top_k=16: " + val);

    Checkpoint best = CheckpointStore.read(dir.resolve("run/best"));
    JsonObject cfg = best.cfg();
    assertEquals("batchtopk", cfg.get("architecture").getAsString());
    assertEquals(128, cfg.get("d_in").getAsInt());
    assertEquals(1024, cfg.get("d_sae").getAsInt());
    assertEquals(16, cfg.get("k").getAsInt());
    assertArrayEquals(new long[] {128, 1024}, best.weights().get("W_enc").shape());
    assertArrayEquals(new long[] {1024, 128}, best.weights().get("W_dec").shape());
    assertArrayEquals(new long[] {1024}, best.weights().get("threshold").shape());
    assertTrue(Files.exists(dir.resolve("run/config.yaml")));
  }

  @Test
  void everyVariantTrains(@TempDir Path dir) throws Exception {
    for (String variant : List.of("vanilla", "topk", "jumprelu")) {
      Path d = dir.resolve(variant);
      // Scale 20: JumpReLU's thresholds start at exp(0) = 1 and only fire on latents of realistic norm.
      CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(d, "module.variant=" + variant,
          "trainer.max_epochs=2", "data.demo.scale=20"));
      assertEquals(0, o.exitCode(), variant + ": " + o.err());
      Map<String, Double> val = lastValidation(d.resolve("run/metrics.csv"));
      assertTrue(val.get("val/explained_variance") > 0.3, variant + " " + val);
    }
  }

  @Test
  void learningRateScheduleRuns(@TempDir Path dir) throws Exception {
    CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(dir, "trainer.max_epochs=2",
        "trainer.lr_warmup_steps=10", "trainer.lr_decay=cosine", "trainer.lr_min_ratio=0.1"));
    assertEquals(0, o.exitCode(), o.err());
    CliRunner.Outcome bad = CliRunner.run(CliRunner.smallSaeRun(dir.resolve("b"), "trainer.max_epochs=1",
        "trainer.lr_warmup_steps=100000", "trainer.lr_decay=linear"));
    assertEquals(1, bad.exitCode());
    assertTrue(bad.err().contains("lr_warmup_steps"), bad.err());
  }

  @Test
  void resumeContinuesAfterTheLastEpoch(@TempDir Path dir) throws Exception {
    assertEquals(0, CliRunner.run(CliRunner.smallSaeRun(dir, "trainer.max_epochs=2")).exitCode());
    List<String> before = Files.readAllLines(dir.resolve("run/metrics.csv"));
    CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(dir, "trainer.max_epochs=3", "trainer.resume=true"));
    assertEquals(0, o.exitCode(), o.err());
    List<String> after = Files.readAllLines(dir.resolve("run/metrics.csv"));
    assertEquals(before, after.subList(0, before.size()), "resumed run appends");
    String lastRow = after.get(after.size() - 1);
    assertTrue(lastRow.split(",")[1].equals("2"), "the resumed run trained epoch index 2 only: " + lastRow);
  }

  @Test
  void divergenceStopsAndLeavesLastCheckpointUntouched(@TempDir Path dir) throws Exception {
    assertEquals(0, CliRunner.run(CliRunner.smallSaeRun(dir, "trainer.max_epochs=1", "module.variant=vanilla")).exitCode());
    byte[] lastBefore = Files.readAllBytes(dir.resolve("run/last/sae_weights.safetensors"));
    CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(dir, "trainer.max_epochs=3", "trainer.resume=true",
        "module.variant=vanilla", "module.learning_rate=1e30"));
    assertEquals(1, o.exitCode(), o.out());
    assertTrue(o.err().contains("diverged") && o.err().contains("step"), o.err());
    assertArrayEquals(lastBefore, Files.readAllBytes(dir.resolve("run/last/sae_weights.safetensors")));
  }

  /** The last row of metrics.csv that carries validation values, by column name. */
  static Map<String, Double> lastValidation(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",", -1);
    int valCol = Arrays.asList(header).indexOf("val/loss");
    for (int i = lines.size() - 1; i > 0; i--) {
      String[] cells = lines.get(i).split(",", -1);
      if (!cells[valCol].isEmpty()) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
          if (!cells[c].isEmpty()) {
            out.put(header[c], Double.parseDouble(cells[c]));
          }
        }
        return out;
      }
    }
    throw new AssertionError("no validation row in " + csv);
  }
}
