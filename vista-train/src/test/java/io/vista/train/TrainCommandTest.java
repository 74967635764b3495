package io.vista.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: config printing, and every bad-input path ending in one line and a non-zero exit. */
class TrainCommandTest {
  @Test
  void cfgJobPrintsTheResolvedConfigWithOverrides() {
    CliRunner.Outcome o = CliRunner.run("--cfg", "job", "data.hdf5_path=x.h5", "module.top_k=32");
    assertEquals(0, o.exitCode(), o.err());
    assertTrue(o.out().contains("top_k: 32"), o.out());
    assertTrue(o.out().contains("hdf5_path: x.h5"), o.out());
    assertTrue(o.out().contains("variant: batchtopk"), o.out());
  }

  @Test
  void unknownKeyNamesTheValidKeys() {
    CliRunner.Outcome o = CliRunner.run("--cfg", "job", "module.top_kk=3");
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("top_kk") && o.err().contains("top_k_aux"), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
  }

  @Test
  void unknownGroupOptionListsTheChoices() {
    CliRunner.Outcome o = CliRunner.run("--cfg", "job", "module=sea");
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("sae") && o.err().contains("probe"), o.err());
  }

  @Test
  void badHyperparametersFailBeforeAnyWork(@TempDir Path dir) {
    for (String bad : new String[] {"module.top_k=0", "module.learning_rate=-1", "module.variant=gated",
        "trainer.devices=2", "wandb.enabled=true", "module.aux_penalty=-0.5"}) {
      CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(dir, bad));
      assertEquals(1, o.exitCode(), bad);
      String key = bad.substring(0, bad.indexOf('='));
      assertTrue(o.err().contains(key.substring(key.indexOf('.') + 1)), bad + " -> " + o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
    }
    assertFalse(Files.exists(dir.resolve("demo.h5")), "no data was generated for a bad config");
  }

  @Test
  void missingDataFileIsOneLine(@TempDir Path dir) {
    CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(dir, "data.hdf5_path=" + dir.resolve("nope.h5")));
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("nope.h5"), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
  }

  @Test
  void notAnHdf5FileIsOneLine(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.h5");
    Files.writeString(junk, "this is not HDF5");
    CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(dir, "data.hdf5_path=" + junk));
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("junk.h5"), o.err());
  }

  @Test
  void wrongFeatureWidthNamesTheSetting(@TempDir Path dir) {
    // Generate a demo with width 32, then train a model of width 48 on it.
    assertEquals(0, CliRunner.run(CliRunner.smallSaeRun(dir, "trainer.max_epochs=1")).exitCode());
    CliRunner.Outcome o = CliRunner.run(CliRunner.smallSaeRun(dir, "data.hdf5_path=" + dir.resolve("demo.h5"),
        "model.input_size=48"));
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("input_size") && o.err().contains("32"), o.err());
  }

  @Test
  void unknownOptionIsUsageError() {
    CliRunner.Outcome o = CliRunner.run("--frobnicate");
    assertEquals(2, o.exitCode());
  }
}
