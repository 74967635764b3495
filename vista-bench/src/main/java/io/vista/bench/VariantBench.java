package io.vista.bench;

import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.LatentSplit;
import io.vista.core.LearningRateSchedule;
import io.vista.core.internal.graph.Tensors;
import io.vista.core.sae.ForwardOutputs;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.StepMetrics;
import io.vista.core.train.SaeTask;
import io.vista.core.train.TrainOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;

/**
 * Everything measured for one SAE variant, with one {@link SaeTask} (the trainer's own task, so the
 * streamed path is the trainer's code path: {@link BatchIterator} on the shuffled training split
 * with the trainer's options, then {@link SaeTask#trainStep}, as {@code Trainer.fit} does).
 *
 * <p>Training is timed in rounds, so that each comparison is between measurements taken seconds
 * apart (on a shared machine the load changes by the minute). One round: the six bare MatMuls
 * once each; one untimed in-memory step; {@value #BLOCK} in-memory steps ({@link
 * SaeSession#trainStep} on pre-built tensors); {@value #BLOCK} streamed steps (next batch from the
 * epoch iterator, which stays open across rounds, then {@code task.trainStep}). The prefetch
 * thread keeps its queue full while the in-memory steps run, so its decoding work falls on the
 * streamed steps, as in training; the untimed step absorbs the refill after the streamed block.
 * Each round gives a ratio to the bare MatMul and a streaming overhead; the report takes their
 * medians.
 *
 * <p>Then: the forward pass as training runs it ({@link SaeSession#evaluate}: forward and losses,
 * no backward), the encoding pass in memory ({@link SaeSession#forward}) and over the file (file
 * order, as an evaluation reads it), and two traced training steps summed by op ({@link
 * OpProfile}).
 */
final class VariantBench {
  /** Batches decoded before timing, to compile the data path (see {@link #warmDataPath}). */
  private static final int JIT_WARMUP_BATCHES = 12;

  /** Steps per block (in memory, then streamed) of one round. */
  static final int BLOCK = 10;

  /** Timings and metrics of one variant. */
  record Result(
      String variant,
      int tokensPerStep,
      double flopsPerStep,
      StepStats memory,
      StepStats streamed,
      StepStats streamWait,
      double[] roundCeilingGflops,
      double[] roundMatMulRatio,
      double[] roundStreamingOverheadPercent,
      double[] roundCpuMatMulRatio,
      double[] roundCpuStreamingOverheadPercent,
      double tensorCopyMs,
      StepStats trainForward,
      StepStats encodeMemory,
      StepStats encodeFile,
      OpProfile profile,
      float loss,
      float l0,
      float numDead) {

    double memoryTokensPerSecond() {
      return memory.perSecond(tokensPerStep);
    }

    double streamedTokensPerSecond() {
      return streamed.perSecond(tokensPerStep);
    }

    double memoryGflops() {
      return flopsPerStep / (memory.medianMs() * 1e6);
    }

    double streamedGflops() {
      return flopsPerStep / (streamed.medianMs() * 1e6);
    }

    /** Median over rounds of the six-MatMul rate. */
    double ceilingGflops() {
      return median(roundCeilingGflops);
    }

    /** Median over rounds of (effective in-memory step rate / six-MatMul rate). */
    double matMulRatio() {
      return median(roundMatMulRatio);
    }

    /** Median over rounds of the streamed step time over the in-memory one, minus 1, in percent. */
    double streamingOverheadPercent() {
      return median(roundStreamingOverheadPercent);
    }

    /**
     * Median over rounds of (six-MatMul process CPU time / in-memory step process CPU time): the
     * same ratio in CPU time, which other processes on the machine hardly change.
     */
    double cpuMatMulRatio() {
      return median(roundCpuMatMulRatio);
    }

    /** Median over rounds of the extra process CPU time of a streamed step, in percent. */
    double cpuStreamingOverheadPercent() {
      return median(roundCpuStreamingOverheadPercent);
    }

    /** The streamed rate over the ceiling: the in-memory ratio discounted by the overhead. */
    double streamedMatMulRatio() {
      return matMulRatio() / (1 + streamingOverheadPercent() / 100);
    }
  }

  private VariantBench() {}

  static Result run(String variant, BenchOptions o, LatentSplit train, List<Batch> batches, List<TFloat32> tensors,
      MatMulCeiling ceiling, java.io.PrintStream log) {
    SaeSpec spec = SaeSpec.builder(variant, o.dim(), o.hidden()).build();
    double flops = 12.0 * o.dim() * o.hidden() * o.tokensPerBatch();
    try (SaeTask task = new SaeTask(spec,
        new TrainOptions(o.intraOp(), o.interOp(), LearningRateSchedule.CONSTANT, o.seed()), "")) {
      SaeSession s = task.trainer().session();
      int n = tensors.size();
      int[] i = {0};
      int rounds = (o.steps() + BLOCK - 1) / BLOCK;
      int perBlock = Math.min(BLOCK, o.steps());
      long[] memWall = new long[rounds * perBlock];
      long[] strWall = new long[rounds * perBlock];
      long[] wait = new long[rounds * perBlock];
      double[] ceil = new double[rounds];
      double[] ratio = new double[rounds];
      double[] overhead = new double[rounds];
      double[] cpuRatio = new double[rounds];
      double[] cpuOverhead = new double[rounds];
      long memCpu = 0;
      long strCpu = 0;
      StepMetrics last = null;
      warmDataPath(train, o);
      try (BatchIterator it = BatchIterator.open(train, BenchData.trainerOptions(o, true), 0)) {
        for (int w = 0; w < o.warmup(); w++) {
          s.trainStep(tensors.get(i[0]++ % n));
          task.trainStep(it.next());
        }
        for (int r = 0; r < rounds; r++) {
          MatMulCeiling.Result c = ceiling.measure(0, 1);
          ceil[r] = c.gflops();
          s.trainStep(tensors.get(i[0]++ % n));
          long cpu0 = Clock.processCpuNanos();
          for (int k = 0; k < perBlock; k++) {
            long t0 = System.nanoTime();
            last = s.trainStep(tensors.get(i[0]++ % n));
            memWall[r * perBlock + k] = System.nanoTime() - t0;
          }
          long cpu1 = Clock.processCpuNanos();
          for (int k = 0; k < perBlock; k++) {
            long t0 = System.nanoTime();
            if (!it.hasNext()) {
              throw new IllegalStateException("benchmark file holds too few batches for " + o.steps() + " steps");
            }
            Batch batch = it.next();
            long t1 = System.nanoTime();
            Map<String, Double> m = task.trainStep(batch);
            if (!Double.isFinite(m.get("loss"))) {
              throw new IllegalStateException("loss is not finite at streamed step " + k);
            }
            strWall[r * perBlock + k] = System.nanoTime() - t0;
            wait[r * perBlock + k] = t1 - t0;
          }
          long cpu2 = Clock.processCpuNanos();
          memCpu += cpu1 - cpu0;
          strCpu += cpu2 - cpu1;
          double memMs = StepStats.of(Arrays.copyOfRange(memWall, r * perBlock, (r + 1) * perBlock), 0).medianMs();
          double strMs = StepStats.of(Arrays.copyOfRange(strWall, r * perBlock, (r + 1) * perBlock), 0).medianMs();
          ratio[r] = c.sixProductMs() / memMs;
          overhead[r] = 100 * (strMs / memMs - 1);
          // The OS counts CPU time in ticks: tiny models' steps are below its resolution.
          boolean measurable = cpu1 - cpu0 > 0 && c.sixProductCpuMs() > 0;
          cpuRatio[r] = measurable ? c.sixProductCpuMs() / ((cpu1 - cpu0) / 1e6 / perBlock) : Double.NaN;
          cpuOverhead[r] = measurable ? 100 * ((double) (cpu2 - cpu1) / (cpu1 - cpu0) - 1) : Double.NaN;
          log.printf("  %-10s round %d: MatMul %.1f GFLOP/s, memory %.1f ms/step (x%.2f; CPU x%.2f), streamed %.1f"
                  + " ms/step (%+.1f%%; CPU %+.1f%%), load %.2f%n", variant, r + 1, c.gflops(), memMs, ratio[r],
              cpuRatio[r], strMs, overhead[r], cpuOverhead[r], Clock.loadAverage());
        }
      }
      StepStats memory = StepStats.of(memWall, memCpu);
      StepStats streamed = StepStats.of(strWall, strCpu);

      Batch b0 = batches.get(0);
      StepStats copy = Clock.time(1, 10, () -> Tensors.of(b0.features(), b0.rows(), b0.dim()).close());

      int evalReps = Math.max(5, o.steps() / 2);
      StepStats forward = Clock.time(1, evalReps, () -> s.evaluate(tensors.get(i[0]++ % n)));
      StepStats encodeMem = Clock.time(1, evalReps, () -> s.forward(tensors.get(i[0]++ % n), false).close());
      StepStats encodeFile = encodeFile(s, o, train, evalReps);
      log.printf("  %-10s forward  %8.1f ms/batch (evaluate), encode %.1f ms/batch in memory, %.1f from file%n",
          variant, forward.medianMs(), encodeMem.medianMs(), encodeFile.medianMs());

      List<RunMetadata> traces = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        traces.add(s.traceTrainStep(tensors.get(t % n)));
      }
      OpProfile profile = OpProfile.of(traces, 40);
      return new Result(variant, o.tokensPerBatch(), flops, memory, streamed, StepStats.of(wait, 0), ceil, ratio,
          overhead, cpuRatio, cpuOverhead, copy.medianMs(), forward, encodeMem, encodeFile, profile, last.loss(), last.l0(), last.numDead());
    }
  }

  /** The encoding pass over the file in file order: read, copy to a tensor, forward, release. */
  private static StepStats encodeFile(SaeSession s, BenchOptions o, LatentSplit train, int batches) {
    long[] wall = new long[batches];
    int done = 0;
    long cpu0 = Clock.processCpuNanos();
    try (BatchIterator it = BatchIterator.open(train, BenchData.trainerOptions(o, false), 0)) {
      it.hasNext(); // the first batch's decoding is start-up, as the trainer's warm-up
      while (done < batches && it.hasNext()) {
        long t0 = System.nanoTime();
        Batch b = it.next();
        try (TFloat32 x = Tensors.of(b.features(), b.rows(), b.dim())) {
          ForwardOutputs out = s.forward(x, false);
          wall[done++] = System.nanoTime() - t0;
          out.close();
        }
      }
    }
    return StepStats.of(Arrays.copyOf(wall, done), Clock.processCpuNanos() - cpu0);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * Drains a few batches of another epoch before anything is timed, so that the JIT has compiled the
   * decoding path: otherwise the compiler threads take CPU from the first streamed block (measured:
   * +6 to +8 % overhead in the first round at d=1152 against +2 % in later rounds). A training run
   * of thousands of steps pays this once.
   */
  private static void warmDataPath(LatentSplit train, BenchOptions o) {
    try (BatchIterator warm = BatchIterator.open(train, BenchData.trainerOptions(o, true), 1)) {
      for (int b = 0; b < JIT_WARMUP_BATCHES && warm.hasNext(); b++) {
        warm.next();
      }
    }
  }
}
