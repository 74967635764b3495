package io.vista.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's pure parts: option parsing, timing summaries, profile labels, feature ranking. */
class BenchPartsTest {
  @Test
  void stepStatsMedianMeanBestAndCpu() {
    // 4, 1, 3, 2 ms: median (2 + 3) / 2, mean 2.5, best 1; 10 ms of CPU over 4 repetitions.
    StepStats s = StepStats.of(new long[] {4_000_000, 1_000_000, 3_000_000, 2_000_000}, 10_000_000);
    assertEquals(4, s.count());
    assertEquals(2.5, s.medianMs(), 1e-12);
    assertEquals(2.5, s.meanMs(), 1e-12);
    assertEquals(1.0, s.bestMs(), 1e-12);
    assertEquals(2.5, s.cpuMsPerRep(), 1e-12);
    assertEquals(4096 / 0.0025, s.perSecond(4096), 1e-6);
    assertEquals(3.0, StepStats.of(new long[] {5_000_000, 3_000_000, 1_000_000}, 0).medianMs(), 1e-12);
  }

  @Test
  void medianOfRounds() {
    assertEquals(2.0, VariantBench.median(new double[] {3, 1, 2}), 0);
    assertEquals(1.5, VariantBench.median(new double[] {2, 1}), 0);
  }

  @Test
  void opTypeFromTimelineLabel() {
    assertEquals("_MklMatMul", OpProfile.opType("train/Gradients/MatMul_3 = _MklMatMul(a, b)"));
    assertEquals("NthElement", OpProfile.opType("NthElement"));
  }

  @Test
  void rankingByVarianceOfClassMeans() {
    // Two classes, three features. Class means: f0 (1, 3) -> variance 1; f1 (0, 0) -> 0;
    // f2 (4, 0) -> 4. Order: f2, f0, f1.
    float[] x = {
      1, 0, 4,
      1, 0, 4,
      3, 0, 0,
      3, 0, 0,
    };
    int[] y = {0, 0, 1, 1};
    assertArrayEquals(new int[] {2, 0, 1}, LogRegAblationBench.rankByClassMeanVariance(x, y, 4, 3, 2));
  }

  @Test
  void parsesOptions() {
    BenchOptions o = BenchOptions.parse(new String[] {"--dim", "64", "--hidden=256", "--tokens-per-batch", "128",
        "--variants", "topk,jumprelu", "--threads", "2,1", "--out", "x.json", "--thread-sweep"});
    assertEquals(64, o.dim());
    assertEquals(256, o.hidden());
    assertEquals(8, o.samplesPerBatch());
    assertEquals(List.of("topk", "jumprelu"), o.variants());
    assertEquals(2, o.intraOp());
    assertEquals(1, o.interOp());
    assertEquals(Path.of("x.json"), o.out());
    assertEquals(true, o.threadSweep());
    BenchOptions d = BenchOptions.parse(new String[0]);
    assertEquals(768, d.dim());
    assertEquals(3072, d.hidden());
    assertEquals(4096, d.tokensPerBatch());
    assertEquals(0, d.intraOp());
    assertEquals(0, d.interOp());
  }

  @Test
  void rejectsBadOptions() {
    assertThrows(UsageException.class, () -> BenchOptions.parse(new String[] {"--variants", "relu"}));
    assertThrows(UsageException.class,
        () -> BenchOptions.parse(new String[] {"--tokens-per-batch", "100", "--tokens-per-sample", "16"}));
    assertThrows(UsageException.class, () -> BenchOptions.parse(new String[] {"--steps"}));
    assertThrows(UsageException.class, () -> BenchOptions.parse(new String[] {"--bogus", "1"}));
    assertThrows(UsageException.class, () -> BenchOptions.parse(new String[] {"--dim", "wide"}));
    assertNull(BenchOptions.parse(new String[] {"--dim", "8", "--help"}));
  }

  @Test
  void usageErrorsExitTwoThroughTheSharedPolicy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchMain.run(new String[] {"--bogus"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals(List.of("vista-bench: unknown option '--bogus'", "run 'java -jar vista-bench.jar --help' for usage"),
        err.toString(StandardCharsets.UTF_8).lines().toList());
    assertEquals("", out.toString(StandardCharsets.UTF_8));

    err.reset();
    assertEquals(2, BenchMain.run(new String[] {"decode-bench", "x.h5", "--batch", "many"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertEquals("vista-bench: decode-bench: --batch 'many' is not an integer",
        err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
  }

  @Test
  void helpGoesToStdoutAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchMain.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar vista-bench.jar"));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }
}
