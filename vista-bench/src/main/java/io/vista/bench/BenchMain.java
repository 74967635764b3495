package io.vista.bench;

import io.vista.cli.CommandLine;
import io.vista.core.data.Batch;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.sae.SaeSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.TensorFlow;
import org.tensorflow.types.TFloat32;

/**
 * {@code java -jar vista-bench.jar [options]}: the performance benchmark, in one process and one
 * run -- the bare-MatMul ceiling, every variant's training step in memory and streamed from a
 * generated Zstd float16 HDF5 file through the trainer's own task and loader, the loader's decode
 * rate, the forward and encoding passes, a traced step per variant, optionally a thread sweep, and
 * the ablation's logistic-regression fits. Prints a table and writes JSON ({@code --out}).
 */
public final class BenchMain {
  private BenchMain() {}

  /** The exit-code policy; out of memory suggests a smaller batch first. */
  static final CommandLine CLI =
      CommandLine.of("vista-bench").outOfMemoryHint("lower --tokens-per-batch or raise -Xmx");

  /** Entry point; exit code 0 on success, 1 on a failure, 2 on a usage error ({@link CommandLine}). */
  public static void main(String[] args) {
    CLI.main(() -> dispatch(args, System.out));
  }

  /** Runs a command line and returns its exit code; never calls System.exit (tests call this). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return CLI.run(out, err, () -> dispatch(args, out));
  }

  private static int dispatch(String[] args, PrintStream out) {
    if (args.length > 0 && args[0].equals("decode-bench")) {
      return DecodeBenchmark.run(Arrays.copyOfRange(args, 1, args.length), out);
    }
    BenchOptions o = BenchOptions.parse(args);
    if (o == null) {
      out.println(BenchOptions.USAGE);
      return CommandLine.OK;
    }
    BenchReport report = run(o, out);
    report.print(out);
    report.writeJson(o.out());
    out.println("report written to " + o.out().toAbsolutePath());
    return CommandLine.OK;
  }

  static BenchReport run(BenchOptions o, PrintStream log) {
    BenchReport.Environment env = new BenchReport.Environment(Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1 << 20), TensorFlow.version(), System.getProperty("java.version"),
        Clock.loadAverage(), o.intraOp() + "/" + o.interOp());
    log.printf("vista-bench: d=%d m=%d tokens/batch=%d steps=%d warmup=%d threads=%s cores=%d load=%.2f%n",
        o.dim(), o.hidden(), o.tokensPerBatch(), o.steps(), o.warmup(), env.threads(), env.cores(),
        env.loadAverageStart());
    int batches = o.warmup() + o.steps() + 2;
    Path file = BenchData.ensureFile(o, batches, log);
    List<VariantBench.Result> results = new ArrayList<>();
    List<MatMulCeiling.Result> ceilings = new ArrayList<>();
    LoaderBench loader;
    ThreadSweep sweep = null;
    SparseDecoderProbe sparse = null;
    try (LatentFile data = LatentFile.open(file)) {
      LatentSplit train = BenchData.trainSplit(data);
      List<Batch> memory = BenchData.memoryBatches(train, o);
      List<TFloat32> tensors = BenchData.tensors(memory);
      try (MatMulCeiling ceiling = new MatMulCeiling(o.tokensPerBatch(), o.dim(), o.hidden(), o.intraOp(),
          o.interOp())) {
        ceilings.add(ceiling.measure(5));
        log.printf("  bare MatMul ceiling %.1f GFLOP/s (load %.2f)%n", ceilings.get(0).gflops(),
            ceilings.get(0).loadAverage());
        for (String v : o.variants()) {
          results.add(VariantBench.run(v, o, train, memory, tensors, ceiling, log));
          ceilings.add(ceiling.measure(5));
          log.printf("  bare MatMul ceiling %.1f GFLOP/s (load %.2f)%n", ceilings.get(ceilings.size() - 1).gflops(),
              ceilings.get(ceilings.size() - 1).loadAverage());
        }
      }
      loader = LoaderBench.run(train, o, BenchData.size(file), train.numSamples() * (long) o.tokensPerSample());
      log.printf("  loader alone: %.0f MB/s float16 decoded (%.0f tokens/s)%n", loader.float16MBps(),
          loader.tokensPerSecond());
      if (o.threadSweep()) {
        sweep = ThreadSweep.run(o, tensors, log);
      }
      if (o.variants().contains("topk") || o.variants().contains("batchtopk")) {
        int k = SaeSpec.builder("topk", o.dim(), o.hidden()).build().topK();
        sparse = SparseDecoderProbe.run(o.tokensPerBatch(), o.dim(), o.hidden(), k, o.intraOp(), o.interOp(), log);
      }
      tensors.forEach(TFloat32::close);
    }
    LogRegAblationBench.Result logreg = null;
    if (o.logRegSamples() > 0) {
      logreg = LogRegAblationBench.run(o.logRegSamples(), o.logRegFeatures(), o.seed(), log);
    }
    env = env.withLoadAtEnd(Clock.loadAverage());
    return new BenchReport(o, env, file.toString(), ceilings, results, loader, sweep, sparse, logreg);
  }
}
