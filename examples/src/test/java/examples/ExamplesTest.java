package examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.data.Float16;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.sae.SaeModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples against the tools: the latents each loading recipe gives for the same rows equal
 * what {@code vista-eval sae-latents} writes (which stores float16, as the Python does, so the
 * float32 latents are compared after the same rounding to float16: bit for bit); and a trained,
 * saved and reloaded model encodes identically.
 */
class ExamplesTest {
  private static final Path REPO = Path.of(System.getProperty("vista.repo", "..")).toAbsolutePath().normalize();
  private static final Path E2E = REPO.resolve("vista-eval/src/test/resources/e2e");

  @TempDir Path tmp;

  @Test
  void everyFormatEncodesAsVistaEvalSaeLatents() throws Exception {
    Path data = Files.copy(E2E.resolve("ve.h5"), tmp.resolve("ve.h5"));
    Path ckpt = Files.copy(E2E.resolve("topk.ckpt"), tmp.resolve("topk.ckpt"));
    float[][] rows = rows(data);

    // What the evaluation tool writes for this checkpoint and file.
    Path raw = tmp.resolve("raw.h5");
    runVistaEval("sae-latents", "--input", data.toString(), "--checkpoint", ckpt.toString(),
        "--output-raw", raw.toString(), "--output-agg", tmp.resolve("agg.h5").toString());
    float[][] expected;
    try (LatentFile f = LatentFile.open(raw)) {
      LatentSplit s = f.split("validation", "data");
      expected = split(s.read(0, (int) s.numSamples()), s.dim());
    }

    // (b) the Python VISTA Lightning checkpoint itself
    assertSameAsFloat16(expected, LoadAndEncode.pythonLightningCheckpoint(ckpt, rows), "Lightning .ckpt");

    // (a) a vista-java checkpoint folder (vista-eval convert writes one)
    Path folder = tmp.resolve("vista");
    runVistaEval("convert", "--checkpoint", ckpt.toString(), "--out", folder.toString(), "--quiet");
    assertSameAsFloat16(expected, LoadAndEncode.vistaCheckpoint(folder, rows), "vista-java folder");

    // (c) a SAELens folder: SAELens's cfg.json keys only, the same weights file
    Path saeLens = Files.createDirectories(tmp.resolve("saelens"));
    Files.copy(folder.resolve("sae_weights.safetensors"), saeLens.resolve("sae_weights.safetensors"));
    try (SaeModel m = SaeModel.load(folder)) {
      Files.writeString(saeLens.resolve("cfg.json"), "{\"architecture\": \"topk\", \"d_in\": " + m.spec().dIn()
          + ", \"d_sae\": " + m.spec().dSae() + ", \"k\": " + m.spec().topK() + ", \"dtype\": \"float32\"}",
          StandardCharsets.UTF_8);
    }
    assertSameAsFloat16(expected, LoadAndEncode.saeLensFolder(saeLens, rows), "SAELens folder");
  }

  @Test
  void trainedSavedAndReloadedModelEncodesIdentically() {
    int d = 16;
    int m = 64;
    SplittableRandom rng = new SplittableRandom(1);
    List<float[][]> batches = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      float[][] batch = new float[128][d];
      for (float[] row : batch) {
        for (int i = 0; i < d; i++) {
          row[i] = (float) rng.nextGaussian();
        }
      }
      batches.add(batch);
    }
    Path dir = tmp.resolve("trained");
    try (SaeModel trained = TrainTopK.trainAndSave(batches, d, m, 4, dir);
         SaeModel reloaded = SaeModel.load(dir)) {
      assertEquals(trained.spec(), reloaded.spec());
      float[][] a = trained.encode(batches.get(0));
      float[][] b = reloaded.encode(batches.get(0));
      for (int i = 0; i < a.length; i++) {
        assertArrayEquals(a[i], b[i], "row " + i);
      }
      long active = java.util.Arrays.stream(a).mapToLong(r -> countNonZero(r)).sum();
      assertTrue(active > 0 && active <= 4L * a.length, "TopK keeps at most k features per row: " + active);
    }
  }

  private static long countNonZero(float[] r) {
    long n = 0;
    for (float v : r) {
      n += v != 0 ? 1 : 0;
    }
    return n;
  }

  private static float[][] rows(Path data) {
    try (LatentFile f = LatentFile.open(data)) {
      LatentSplit s = f.split("validation", "encoded");
      return split(s.read(0, (int) s.numSamples()), s.dim());
    }
  }

  private static float[][] split(float[] flat, int width) {
    float[][] out = new float[flat.length / width][];
    for (int i = 0; i < out.length; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return out;
  }

  private static void assertSameAsFloat16(float[][] expected, float[][] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    long nonZero = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        float half = Float16.toFloat(Float16.fromFloat(actual[i][j]));
        assertEquals(expected[i][j], half, 0f, what + ": row " + i + ", feature " + j);
        nonZero += half != 0 ? 1 : 0;
      }
    }
    assertTrue(nonZero > 0, what + ": all latents are zero");
  }

  private static void runVistaEval(String... args) throws IOException, InterruptedException {
    Path jar = REPO.resolve("vista-eval/target/vista-eval.jar");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "vista-eval " + String.join(" ", args) + " failed:\n" + out);
  }
}
