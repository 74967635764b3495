package io.vista.bench;

import io.vista.core.internal.io.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, printed as tables and written as JSON. Ratios (to the bare MatMul,
 * streamed over in-memory) are medians of per-round ratios ({@link VariantBench}), so a change in
 * the machine's load during the run affects both sides of each ratio alike.
 */
record BenchReport(
    BenchOptions options,
    Environment environment,
    String dataFile,
    List<MatMulCeiling.Result> ceilings,
    List<VariantBench.Result> variants,
    LoaderBench loader,
    ThreadSweep threadSweep,
    SparseDecoderProbe sparseDecoder,
    LogRegAblationBench.Result logReg) {

  /** The target ratio of a training step's effective rate to the bare-MatMul rate. */
  static final double TARGET_MATMUL_RATIO = 0.6;
  /** The most streaming may cost over memory, in percent. */
  static final double TARGET_STREAMING_PERCENT = 5.0;

  /** Where and how the run happened. */
  record Environment(int cores, long maxHeapMb, String tensorflow, String java, double loadAverageStart,
      String threads, double loadAverageEnd) {
    Environment(int cores, long maxHeapMb, String tensorflow, String java, double loadAverageStart, String threads) {
      this(cores, maxHeapMb, tensorflow, java, loadAverageStart, threads, Double.NaN);
    }

    Environment withLoadAtEnd(double load) {
      return new Environment(cores, maxHeapMb, tensorflow, java, loadAverageStart, threads, load);
    }
  }

  double matMulRatio(int i) {
    return variants.get(i).matMulRatio();
  }

  double streamedMatMulRatio(int i) {
    return variants.get(i).streamedMatMulRatio();
  }

  void print(PrintStream out) {
    BenchOptions o = options;
    double gflop = 12.0 * o.dim() * o.hidden() * o.tokensPerBatch() / 1e9;
    out.println();
    out.printf("== vista-bench  d=%d m=%d tokens/batch=%d (effective work 12*d*m*tokens = %.1f GFLOP/step)%n",
        o.dim(), o.hidden(), o.tokensPerBatch(), gflop);
    out.printf("   cores %d, TensorFlow %s, Java %s, threads intra/inter %s, load average %.2f -> %.2f%n",
        environment.cores(), environment.tensorflow(), environment.java(), environment.threads(),
        environment.loadAverageStart(), environment.loadAverageEnd());
    out.printf("   data %s%n", dataFile);
    out.println();
    out.println("-- bare MatMul (ms, median of 5; GFLOP/s) -- first measurement, then the six-product rate each time");
    MatMulCeiling.Result c0 = ceilings.get(0);
    for (Map.Entry<String, Double> e : c0.shapeMs().entrySet()) {
      out.printf("   %-6s %8.1f ms %8.1f GFLOP/s%n", e.getKey(), e.getValue(), c0.shapeGflops().get(e.getKey()));
    }
    StringBuilder sb = new StringBuilder("   six-product rate:");
    for (MatMulCeiling.Result c : ceilings) {
      sb.append(String.format(" %.1f", c.gflops()));
    }
    out.println(sb.append(" GFLOP/s"));
    out.println();
    out.println("-- training step: median ms/step; tokens/s; effective GFLOP/s = 12*d*m*tokens/s; MatMul = six-product");
    out.println("   rate measured in each round; x MatMul and overhead = medians of the per-round ratios");
    out.printf("   %-10s | %9s %9s %8s %8s %8s | %9s %9s %8s %9s %8s | %8s %7s %5s%n", "variant", "mem ms", "tok/s",
        "GFLOP/s", "MatMul", "x MatMul", "strm ms", "tok/s", "x MatMul", "overhead", "wait ms", "loss", "l0", "dead");
    for (int i = 0; i < variants.size(); i++) {
      VariantBench.Result r = variants.get(i);
      out.printf("   %-10s | %9.1f %9.0f %8.1f %8.1f %8.2f | %9.1f %9.0f %8.2f %8.1f%% %8.1f | %8.4f %7.1f %5.0f%n",
          r.variant(), r.memory().medianMs(), r.memoryTokensPerSecond(), r.memoryGflops(), r.ceilingGflops(),
          matMulRatio(i), r.streamed().medianMs(), r.streamedTokensPerSecond(), streamedMatMulRatio(i),
          r.streamingOverheadPercent(), r.streamWait().meanMs(), r.loss(), r.l0(), r.numDead());
    }
    out.println("   (mean ms/step: " + means() + ")");
    out.println("   the same ratios in process CPU time (hardly changed by other processes on the machine):");
    for (VariantBench.Result r : variants) {
      out.printf("   %-10s | CPU ms/step %.1f in memory, %.1f streamed | x MatMul %.2f | streaming overhead %+.1f%%%n",
          r.variant(), r.memory().cpuMsPerRep(), r.streamed().cpuMsPerRep(), r.cpuMatMulRatio(),
          r.cpuStreamingOverheadPercent());
    }
    out.println();
    out.printf("-- loader alone (trainer's shuffled iterator, one prefetch thread): %.0f MB/s float16 decoded, "
            + "%.0f MB/s compressed, %.0f tokens/s; %.0f MB/s per CPU second; file %.2f of raw float16%n",
        loader.float16MBps(), loader.compressedMBps(), loader.tokensPerSecond(), loader.float16MBpsPerCpuSecond(),
        loader.compressionRatio());
    out.printf("   decoding one batch costs %.1f ms of CPU%n",
        1e3 * options.tokensPerBatch() * options.dim() * 2 / 1e6 / loader.float16MBpsPerCpuSecond());
    out.println();
    out.println("-- forward passes (tokens/s): training forward = SaeSession.evaluate in memory (forward + losses);");
    out.println("   encode = SaeSession.forward, in memory and over the file in file order (read + copy + forward)");
    out.printf("   %-10s | %12s %12s %12s | %s%n", "variant", "train fwd", "encode mem", "encode file", "file/train fwd");
    for (VariantBench.Result r : variants) {
      double fwd = r.trainForward().perSecond(r.tokensPerStep());
      double file = r.encodeFile().perSecond(r.tokensPerStep());
      out.printf("   %-10s | %12.0f %12.0f %12.0f | %.2f%n", r.variant(), fwd,
          r.encodeMemory().perSecond(r.tokensPerStep()), file, file / fwd);
    }
    out.println();
    out.println("-- traced training step: top ops (ms/step, share of summed op time)");
    for (VariantBench.Result r : variants) {
      out.printf("   %s (ops sum %.1f ms/step; step median %.1f ms):%n", r.variant(), r.profile().opSumMs(),
          r.memory().medianMs());
      for (OpProfile.Entry e : r.profile().byNode().subList(0, Math.min(8, r.profile().byNode().size()))) {
        out.printf("      %-70s %8.1f ms %5.1f%%%n", e.name(), e.ms(), 100 * e.share());
      }
    }
    if (threadSweep != null) {
      out.println();
      out.println("-- threads (intra/inter): median ms/step in memory, and the six-product MatMul GFLOP/s");
      out.printf("   %-10s |", "");
      threadSweep.settings().forEach(s -> out.printf(" %9s", s));
      out.println();
      out.printf("   %-10s |", "MatMul");
      threadSweep.settings().forEach(s -> out.printf(" %9.1f", threadSweep.ceilingGflops().get(s)));
      out.println();
      threadSweep.stepMs().forEach((v, row) -> {
        out.printf("   %-10s |", v);
        threadSweep.settings().forEach(s -> out.printf(" %9.1f", row.get(s)));
        out.print("   CPU ms/step:");
        threadSweep.settings().forEach(s -> out.printf(" %8.1f", threadSweep.cpuMs().get(v).get(s)));
        out.println();
      });
    }
    if (sparseDecoder != null) {
      out.println();
      out.printf("-- decoder of a topk SAE (k=%d of %d per row), forward + backward ms: the trainer's dense products"
          + " vs the sparse formulations TensorFlow offers%n", sparseDecoder.k(), options.hidden());
      for (String form : sparseDecoder.ms().keySet()) {
        Map<String, Double> p = sparseDecoder.ms().get(form);
        out.printf("   %-7s forward %8.1f  backward %8.1f  total %8.1f ms  (x%.2f of dense)%n", form, p.get("forward"),
            p.get("backward"), sparseDecoder.totalMs(form), sparseDecoder.totalMs(form) / sparseDecoder.totalMs("dense"));
      }
    }
    if (logReg != null) {
      out.println();
      out.printf("-- ablation logistic regressions: %d samples x %d features (%.1f%% non-zero), %d fits: "
              + "%.1f s total, %.2f s per fit%n", logReg.samples(), logReg.features(), 100 * logReg.density(),
          logReg.fits().size(), logReg.totalSeconds(), logReg.meanSecondsPerFit());
      for (LogRegAblationBench.Fit f : logReg.fits()) {
        out.printf("   %-7s %-14s k=%-4d %7.2f s %5d iterations%s  test accuracy %.3f%n", f.attribute(), f.kind(),
            f.k(), f.seconds(), f.iterations(), f.converged() ? "" : " (max_iter)", f.testAccuracy());
      }
    }
    out.println();
    out.println("-- targets");
    for (int i = 0; i < variants.size(); i++) {
      VariantBench.Result r = variants.get(i);
      out.printf("   %-10s step >= %.1f x MatMul: %s (%.2f in memory, %.2f streamed; CPU-time ratio %.2f)%n",
          r.variant(), TARGET_MATMUL_RATIO, verdict(matMulRatio(i) >= TARGET_MATMUL_RATIO), matMulRatio(i),
          streamedMatMulRatio(i), r.cpuMatMulRatio());
      out.printf("   %-10s streaming <= %.0f%%: %s (%+.1f%% wall; %+.1f%% CPU time)%n", r.variant(),
          TARGET_STREAMING_PERCENT, verdict(r.streamingOverheadPercent() <= TARGET_STREAMING_PERCENT),
          r.streamingOverheadPercent(), r.cpuStreamingOverheadPercent());
      double ratio = r.encodeFile().perSecond(r.tokensPerStep()) / r.trainForward().perSecond(r.tokensPerStep());
      out.printf("   %-10s encoding from file >= training forward: %s (%.2f)%n", r.variant(), verdict(ratio >= 1), ratio);
    }
  }

  private String means() {
    StringBuilder sb = new StringBuilder();
    for (VariantBench.Result r : variants) {
      sb.append(String.format("%s %.1f memory / %.1f streamed; ", r.variant(), r.memory().meanMs(), r.streamed().meanMs()));
    }
    return sb.toString().trim();
  }

  private static String verdict(boolean ok) {
    return ok ? "MET" : "MISSED";
  }

  void writeJson(Path path) {
    Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    JsonObject root = new JsonObject();
    JsonObject opts = new JsonObject();
    opts.addProperty("dim", options.dim());
    opts.addProperty("hidden", options.hidden());
    opts.addProperty("tokens_per_batch", options.tokensPerBatch());
    opts.addProperty("tokens_per_sample", options.tokensPerSample());
    opts.addProperty("steps", options.steps());
    opts.addProperty("warmup", options.warmup());
    opts.add("variants", gson.toJsonTree(options.variants()));
    opts.addProperty("intra_op_threads", options.intraOp());
    opts.addProperty("inter_op_threads", options.interOp());
    opts.addProperty("seed", options.seed());
    root.add("options", opts);
    root.add("environment", gson.toJsonTree(environment));
    root.addProperty("data_file", dataFile);
    root.addProperty("flops_per_step", 12.0 * options.dim() * options.hidden() * options.tokensPerBatch());
    root.add("matmul_ceilings", gson.toJsonTree(ceilings));
    JsonArray vs = new JsonArray();
    for (int i = 0; i < variants.size(); i++) {
      VariantBench.Result r = variants.get(i);
      JsonObject v = gson.toJsonTree(r).getAsJsonObject();
      JsonObject derived = new JsonObject();
      derived.addProperty("memory_tokens_per_s", r.memoryTokensPerSecond());
      derived.addProperty("memory_gflops", r.memoryGflops());
      derived.addProperty("streamed_tokens_per_s", r.streamedTokensPerSecond());
      derived.addProperty("streamed_gflops", r.streamedGflops());
      derived.addProperty("matmul_ceiling_gflops_median", r.ceilingGflops());
      derived.addProperty("memory_matmul_ratio", matMulRatio(i));
      derived.addProperty("streamed_matmul_ratio", streamedMatMulRatio(i));
      derived.addProperty("streaming_overhead_percent", r.streamingOverheadPercent());
      derived.addProperty("cpu_matmul_ratio", r.cpuMatMulRatio());
      derived.addProperty("cpu_streaming_overhead_percent", r.cpuStreamingOverheadPercent());
      derived.addProperty("train_forward_tokens_per_s", r.trainForward().perSecond(r.tokensPerStep()));
      derived.addProperty("encode_memory_tokens_per_s", r.encodeMemory().perSecond(r.tokensPerStep()));
      derived.addProperty("encode_file_tokens_per_s", r.encodeFile().perSecond(r.tokensPerStep()));
      v.add("derived", derived);
      vs.add(v);
    }
    root.add("variants", vs);
    root.add("loader", gson.toJsonTree(loader));
    if (threadSweep != null) {
      root.add("thread_sweep", gson.toJsonTree(threadSweep));
    }
    if (sparseDecoder != null) {
      root.add("sparse_decoder", gson.toJsonTree(sparseDecoder));
    }
    if (logReg != null) {
      root.add("logreg_ablation", gson.toJsonTree(logReg));
    }
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      AtomicFiles.writeString(path, gson.toJson(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
