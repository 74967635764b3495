package io.vista.eval.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.data.Float16;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.eval.EvalMainHarness;
import io.vista.eval.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sae-latents} against the files the original sae_latent_dataset.py wrote for the same input and
 * checkpoint (tools/eval/make_e2e_fixtures.py, --batch-size 16), both read back with {@link LatentFile}.
 */
class SaeLatentExportTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"topk", "batchtopk"})
  void matchesSaeLatentDatasetPy(String variant) {
    Path ve = TestFiles.copy("/e2e/ve.h5", tmp);
    Path ckpt = TestFiles.copy("/e2e/" + variant + ".ckpt", tmp);
    Path pyRaw = TestFiles.copy("/e2e/" + variant + ".sae_raw.h5", tmp);
    Path pyAgg = TestFiles.copy("/e2e/" + variant + ".sae_agg.h5", tmp);
    Path raw = tmp.resolve("out/raw.h5");
    Path agg = tmp.resolve("out/agg.h5");
    var o = EvalMainHarness.run("sae-latents", "--input", ve.toString(), "--checkpoint", ckpt.toString(),
        "--output-raw", raw.toString(), "--output-agg", agg.toString(), "--batch-size", "16", "--quiet");
    assertEquals(0, o.status(), o.err());

    try (LatentFile mineRaw = LatentFile.open(raw); LatentFile mineAgg = LatentFile.open(agg);
        LatentFile theirRaw = LatentFile.open(pyRaw); LatentFile theirAgg = LatentFile.open(pyAgg);
        LatentFile input = LatentFile.open(ve)) {
      assertEquals(theirRaw.attributes(), mineRaw.attributes());
      assertEquals(input.attributes(), mineAgg.attributes());
      assertEquals(List.of("training", "validation"), mineRaw.splitNames());
      for (String split : List.of("training", "validation")) {
        LatentSplit in = input.split(split, "encoded");
        int n = (int) in.numSamples();
        LatentSplit data = mineRaw.split(split, "data");
        assertEquals(n, data.numSamples());
        assertEquals(3, data.tokensPerSample());
        assertEquals(16, data.dim());
        assertEquals("float16", data.dtypeName());
        assertArrayEquals(new int[] {Math.min(16, n), 3, 16}, data.chunkShape());
        assertEquals(List.of("zstd(level=3)"), data.filterNames());
        close(theirRaw.split(split, "data").read(0, n), data.read(0, n), split + " data");
        for (String key : List.of("data/mean", "data/max")) {
          LatentSplit a = mineAgg.split(split, key);
          assertEquals(2 * 0 + 16, a.dim());
          assertFalse(a.tokenLevel());
          assertArrayEquals(new int[] {Math.min(64, n), 16}, a.chunkShape());
          close(theirAgg.split(split, key).read(0, n), a.read(0, n), split + " " + key);
        }
        for (LatentSplit s : List.of(data, mineAgg.split(split, "data/mean"))) {
          assertEquals(in.labelKeys(), s.labelKeys());
          for (String k : in.labelKeys()) {
            assertArrayEquals(in.labels(k), s.labels(k), k);
          }
          assertArrayEquals(in.originalIndices(), s.originalIndices());
        }
      }
    }
  }

  /** Equal float16 values, or one half-precision step apart where TF and torch round the float32 differently. */
  private static void close(float[] expected, float[] actual, String at) {
    assertEquals(expected.length, actual.length, at);
    int differing = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        differing++;
        short a = Float16.fromFloat(expected[i]);
        short b = Float16.fromFloat(actual[i]);
        assertTrue(Math.abs(a - b) <= 1, at + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
      }
    }
    assertTrue(differing <= expected.length / 100, at + ": " + differing + " of " + expected.length + " differ");
  }

  /** --zstd-level: recorded in the filter of every dataset; the values read back are the same at any level. */
  @Test
  void zstdLevelOption() {
    Path ve = TestFiles.copy("/e2e/ve.h5", tmp);
    Path ckpt = TestFiles.copy("/e2e/topk.ckpt", tmp);
    List<Path> raws = new java.util.ArrayList<>();
    for (int level : new int[] {3, 19}) {
      Path raw = tmp.resolve("l" + level + "/raw.h5");
      Path agg = tmp.resolve("l" + level + "/agg.h5");
      List<String> args = new java.util.ArrayList<>(List.of("sae-latents", "--input", ve.toString(), "--checkpoint",
          ckpt.toString(), "--output-raw", raw.toString(), "--output-agg", agg.toString(), "--quiet"));
      if (level != 3) {
        args.addAll(List.of("--zstd-level", Integer.toString(level)));
      }
      var o = EvalMainHarness.run(args.toArray(String[]::new));
      assertEquals(0, o.status(), o.err());
      try (LatentFile r = LatentFile.open(raw); LatentFile a = LatentFile.open(agg)) {
        for (LatentSplit s : List.of(r.split("training", "data"), a.split("training", "data/mean"),
            a.split("validation", "data/max"))) {
          assertEquals(List.of("zstd(level=" + level + ")"), s.filterNames(), s.toString());
        }
      }
      raws.add(raw);
    }
    try (LatentFile l3 = LatentFile.open(raws.get(0)); LatentFile l19 = LatentFile.open(raws.get(1))) {
      for (String split : List.of("training", "validation")) {
        LatentSplit a = l3.split(split, "data");
        LatentSplit b = l19.split(split, "data");
        int n = (int) a.numSamples();
        assertArrayEquals(a.read(0, n), b.read(0, n), split);
        assertArrayEquals(a.labels("age"), b.labels("age"), split);
      }
    }
  }

  @Test
  void failureLeavesNoPartialOutput() throws IOException {
    Path ve = TestFiles.copy("/e2e/ve.h5", tmp);
    Path ckpt = TestFiles.copy("/e2e/topk.ckpt", tmp);
    Path outDir = Files.createDirectories(tmp.resolve("out"));
    Path raw = outDir.resolve("raw.h5");
    Path agg = outDir.resolve("agg.h5");
    Files.createDirectories(agg.resolve("occupied")); // the aggregated file cannot replace a non-empty folder
    var o = EvalMainHarness.run("sae-latents", "--input", ve.toString(), "--checkpoint", ckpt.toString(),
        "--output-raw", raw.toString(), "--output-agg", agg.toString(), "--quiet");
    assertEquals(1, o.status());
    assertEquals(1, o.err().strip().split("\n").length, o.err());
    assertFalse(Files.exists(raw), "the raw output of a failed export is removed");
    try (Stream<Path> s = Files.list(outDir)) {
      assertEquals(List.of("agg.h5"), s.map(p -> p.getFileName().toString()).toList(), "no temp files left");
    }
  }
}
