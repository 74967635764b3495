package io.vista.bench;

import io.vista.cli.UsageException;
import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.BatchOptions;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.Pooling;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams every sample of one split through a {@link BatchIterator} and prints throughput:
 * samples/s, MB/s of float16 (or float32) decoded -- both compressed bytes read and uncompressed
 * bytes produced -- and the peak heap. Not a test: run it by hand, e.g.
 *
 * <pre>
 * java -Xmx256m -jar vista-bench.jar decode-bench big.h5 \
 *     [--split training] [--key encoded] [--batch 32] [--pooling flatten|mean]
 *     [--shuffle SEED] [--buffer-chunks 4] [--prefetch 2] [--epochs 1]
 * </pre>
 */
public final class DecodeBenchmark {
  private DecodeBenchmark() {}

  static final String USAGE = "usage: decode-bench FILE.h5 [--split training] [--key encoded] [--batch 32]"
      + " [--pooling flatten|mean] [--shuffle SEED] [--buffer-chunks 4] [--prefetch 2] [--epochs 1]";

  /**
   * {@code decode-bench FILE.h5 [options]} of {@link BenchMain}; returns 0. A bad command line is a
   * {@link UsageException}.
   */
  static int run(String[] args, PrintStream out) {
    if (args.length == 0 || args[0].startsWith("-")) {
      if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
        out.println(USAGE);
        return 0;
      }
      throw new UsageException("decode-bench needs FILE.h5 first; " + USAGE);
    }
    Path path = Path.of(args[0]);
    String splitName = "training";
    String key = "encoded";
    BatchOptions options = BatchOptions.defaults(32);
    int epochs = 1;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--split" -> splitName = value(args, ++i);
        case "--key" -> key = value(args, ++i);
        case "--batch" -> options = withBatch(options, intValue(args, ++i));
        case "--pooling" -> options = options.withPooling(
            value(args, ++i).startsWith("mean") ? Pooling.MEAN_POOL : Pooling.FLATTEN_TOKENS);
        case "--shuffle" -> options = options.withShuffle(longValue(args, ++i));
        case "--buffer-chunks" -> options = options.withShuffleBufferChunks(intValue(args, ++i));
        case "--prefetch" -> options = options.withPrefetchBatches(intValue(args, ++i));
        case "--epochs" -> epochs = intValue(args, ++i);
        default -> throw new UsageException("decode-bench: unknown option '" + a + "'");
      }
    }
    measure(path, splitName, key, options, epochs, out);
    return 0;
  }

  private static void measure(Path path, String splitName, String key, BatchOptions options, int epochs,
      PrintStream out) {
    try (LatentFile file = LatentFile.open(path)) {
      LatentSplit split = file.split(splitName, key);
      long n = split.numSamples();
      long elements = n * split.tokensPerSample() * split.dim();
      int elementSize = split.dtypeName().equals("float16") ? 2 : 4;
      long raw = elements * elementSize;
      long stored = split.storedBytes();
      out.printf(Locale.ROOT, "%s%n", split);
      out.printf(Locale.ROOT, "chunks %s, filters %s, stored %s of %s (%.2fx)%n",
          java.util.Arrays.toString(split.chunkShape()), split.filterNames(), bytes(stored),
          bytes(raw), raw / (double) Math.max(1, stored));
      out.printf(Locale.ROOT,
          "batch %d samples, pooling %s, shuffle %s, buffer %d chunks, prefetch %d, max heap %s%n",
          options.batchSize(), options.pooling(),
          options.shuffle() ? "seed " + options.seed() : "off", options.shuffleBufferChunks(),
          options.prefetchBatches(), bytes(Runtime.getRuntime().maxMemory()));
      out.printf(Locale.ROOT, "estimated heap of the iterator %s%n",
          bytes(BatchIterator.estimatedHeapBytes(split, options)));
      for (int epoch = 0; epoch < epochs; epoch++) {
        resetPeaks();
        long t0 = System.nanoTime();
        long samples = 0;
        long batches = 0;
        double checksum = 0;
        long cpu0 = processCpuNanos();
        long producerCpu;
        try (BatchIterator it = BatchIterator.open(split, options, epoch)) {
          while (it.hasNext()) {
            Batch b = it.next();
            samples += b.samples();
            batches++;
            checksum += b.features()[0] + b.features()[b.features().length - 1];
          }
          it.close(); // ends the prefetch thread, so its CPU time is final (closing twice is harmless)
          producerCpu = it.producerCpuNanos();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double processCpu = (processCpuNanos() - cpu0) / 1e9;
        out.printf(Locale.ROOT,
            "epoch %d: %d samples in %d batches, %.2f s: %.1f samples/s, %.1f MB/s %s decoded"
                + " (%.1f MB/s compressed in, %.1f MB/s float32 out), heap pool peaks %s, checksum %.3g%n",
            epoch, samples, batches, s, samples / s, raw / s / 1e6, split.dtypeName(), stored / s / 1e6,
            elements * 4.0 / s / 1e6, bytes(peakHeap()), checksum);
        if (producerCpu > 0) {
          double p = producerCpu / 1e9;
          out.printf(Locale.ROOT,
              "  cpu: prefetch thread %.2f s = %.1f MB/s %s per CPU-second (%.1f MB/s compressed);"
                  + " whole process %.2f s (GC and JIT included)%n",
              p, raw / p / 1e6, split.dtypeName(), stored / p / 1e6, processCpu);
        }
      }
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new UsageException("decode-bench: " + args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static int intValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("decode-bench: " + args[i - 1] + " '" + v + "' is not an integer");
    }
  }

  private static long longValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException("decode-bench: " + args[i - 1] + " '" + v + "' is not an integer");
    }
  }

  private static String bytes(long n) {
    return n < (1L << 20) ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
        : n < (1L << 30) ? String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20))
        : String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
  }

  private static BatchOptions withBatch(BatchOptions o, int batch) {
    return new BatchOptions(batch, o.pooling(), o.shuffle(), o.seed(), o.shuffleBufferChunks(),
        o.prefetchBatches(), o.labels(), o.expectedDim(), o.dropLast());
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> out = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        out.add(p);
      }
    }
    return out;
  }

  private static void resetPeaks() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Sum of the heap pools' peaks: an upper bound of the live heap at any one time. */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : heapPools()) {
      sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }
}
