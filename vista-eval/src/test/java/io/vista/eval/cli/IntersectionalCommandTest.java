package io.vista.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.eval.EvalMainHarness;
import io.vista.eval.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intersectional sub-command's wiring: encoding, the analysis, both output files, errors. */
class IntersectionalCommandTest {
  @TempDir Path tmp;

  @Test
  void writesResultsAndSdfArchive() throws IOException {
    Path h5 = TestFiles.copy("/e2e/ve.h5", tmp);
    Path ckpt = TestFiles.copy("/e2e/topk.ckpt", tmp);
    Path out = tmp.resolve("inter");
    var o = EvalMainHarness.run("intersectional", "--sae-checkpoint", ckpt.toString(), "--hdf5", h5.toString(),
        "--output-dir", out.toString(), "--min-subgroup-size", "2", "--k1", "12", "--k2", "8", "--k3", "4",
        "--k-top", "5", "--skip-anova", "--quiet");
    assertEquals(0, o.status(), o.err());
    JsonObject r = JsonParser.parseString(Files.readString(out.resolve("intersectional_results.json")))
        .getAsJsonObject();
    assertEquals("_metadata", r.keySet().iterator().next());
    assertEquals(2, r.getAsJsonObject("params").get("min_subgroup_size").getAsInt());
    JsonObject sdfs = r.getAsJsonObject("intersectional_sdfs");
    try (ZipFile z = new ZipFile(out.resolve("sdfs_intersectional.npz").toFile())) {
      assertEquals(sdfs.size(), z.size());
      for (String c : sdfs.keySet()) {
        assertTrue(z.getEntry(c + ".npy") != null, c);
      }
    }
  }

  @Test
  void badCommandLines() {
    CliTest.run("intersectional", "--hdf5", "x.h5").failsWith(2, "required: --sae-checkpoint");
    CliTest.run("intersectional", "--sae-checkpoint", "a", "--checkpoint", "b", "--hdf5", "x.h5")
        .failsWith(2, "give one");
    CliTest.run("intersectional", "--sae-checkpoint", "a", "--hdf5", "x.h5", "--mode", "test")
        .failsWith(2, "--mode training or validation");
    CliTest.run("intersectional", "--sae-checkpoint", "a", "--hdf5", "x.h5", "--min-subgroup-size", "0")
        .failsWith(2, "min_subgroup_size must be >= 1");
  }
}
