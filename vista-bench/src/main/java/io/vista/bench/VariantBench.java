package io.vista.bench;

import com.google.gson.JsonObject;
import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.LatentSplit;
import io.vista.core.graph.Tensors;
import io.vista.core.sae.ForwardOutputs;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.StepMetrics;
import io.vista.train.sae.SaeTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;

/**
 * Everything measured for one SAE variant, with one {@link SaeTask} (the trainer's own task, so the
 * streamed path is the trainer's code path: {@link BatchIterator} on the shuffled training split
 * with the trainer's options, then {@link SaeTask#trainStep}):
 *
 * <ol>
 *   <li>in memory: {@link SaeSession#trainStep} on pre-built tensors (cycling {@link
 *       BenchData#MEMORY_BATCHES} batches);
 *   <li>streamed: the trainer's loop body over a fresh epoch iterator, including the wait for the
 *       next batch and the float[] to tensor copy;
 *   <li>the forward pass as training runs it ({@link SaeSession#evaluate}: forward and losses, no
 *       backward), the encoding pass in memory ({@link SaeSession#forward}) and over the file
 *       (file order, as an evaluation reads it);
 *   <li>a traced training step, summed by op ({@link OpProfile}).
 * </ol>
 */
final class VariantBench {
  /** Timings and metrics of one variant. */
  record Result(
      String variant,
      int tokensPerStep,
      double flopsPerStep,
      StepStats memory,
      StepStats streamed,
      StepStats streamWait,
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

    /** Streaming cost relative to memory, in percent of the memory step time. */
    double streamingOverheadPercent() {
      return 100 * (streamed.medianMs() / memory.medianMs() - 1);
    }
  }

  private VariantBench() {}

  static Result run(String variant, BenchOptions o, LatentSplit train, List<Batch> batches, List<TFloat32> tensors,
      java.io.PrintStream log) {
    SaeSpec spec = SaeSpec.builder(variant, o.dim(), o.hidden()).build();
    double flops = 12.0 * o.dim() * o.hidden() * o.tokensPerBatch();
    try (SaeTask task = new SaeTask(spec, o.seed(), o.intraOp(), o.interOp(), new JsonObject())) {
      SaeSession s = task.session();
      int n = tensors.size();
      int[] i = {0};
      StepMetrics[] last = new StepMetrics[1];
      StepStats memory = Clock.time(o.warmup(), o.steps(), () -> last[0] = s.trainStep(tensors.get(i[0]++ % n)));
      log.printf("  %-10s memory   %8.1f ms/step (median of %d)%n", variant, memory.medianMs(), o.steps());

      StepStats[] streamed = streamed(task, o, train);
      log.printf("  %-10s streamed %8.1f ms/step (median of %d), waiting for data %.1f ms/step%n", variant,
          streamed[0].medianMs(), o.steps(), streamed[1].meanMs());

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
      OpProfile profile = OpProfile.of(traces, 12);
      StepMetrics m = last[0];
      return new Result(variant, o.tokensPerBatch(), flops, memory, streamed[0], streamed[1], copy.medianMs(),
          forward, encodeMem, encodeFile, profile, m.loss(), m.l0(), m.numDead());
    }
  }

  /**
   * The trainer's loop body ({@code Trainer.fit}): next batch from the shuffled epoch iterator,
   * {@code task.trainStep(batch)}, loss check. Returns the step times and the part of each spent
   * waiting for the batch.
   */
  private static StepStats[] streamed(SaeTask task, BenchOptions o, LatentSplit train) {
    long[] wall = new long[o.steps()];
    long[] wait = new long[o.steps()];
    long cpu;
    try (BatchIterator it = BatchIterator.open(train, BenchData.trainerOptions(o, true), 0)) {
      for (int w = 0; w < o.warmup(); w++) {
        task.trainStep(it.next());
      }
      long cpu0 = Clock.processCpuNanos();
      for (int k = 0; k < o.steps(); k++) {
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
        wall[k] = System.nanoTime() - t0;
        wait[k] = t1 - t0;
      }
      cpu = Clock.processCpuNanos() - cpu0;
    }
    return new StepStats[] {StepStats.of(wall, cpu), StepStats.of(wait, 0)};
  }

  /** The encoding pass over the file in file order: read, copy to a tensor, forward, release. */
  private static StepStats encodeFile(SaeSession s, BenchOptions o, LatentSplit train, int batches) {
    long[] wall = new long[batches];
    long cpu0 = Clock.processCpuNanos();
    try (BatchIterator it = BatchIterator.open(train, BenchData.trainerOptions(o, false), 0)) {
      it.hasNext(); // the first batch's decoding is start-up, as the trainer's warm-up
      for (int k = 0; k < batches && it.hasNext(); k++) {
        long t0 = System.nanoTime();
        Batch b = it.next();
        try (TFloat32 x = Tensors.of(b.features(), b.rows(), b.dim()); ForwardOutputs out = s.forward(x, false)) {
          wall[k] = System.nanoTime() - t0;
        }
      }
    }
    return StepStats.of(wall, Clock.processCpuNanos() - cpu0);
  }
}
