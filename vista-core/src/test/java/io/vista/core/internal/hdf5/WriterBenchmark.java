package io.vista.core.internal.hdf5;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a VISTA-shaped file of {@code N x T x d} float16 latents (chunks of 128 samples, Zstd)
 * plus labels, and prints throughput and peak heap. Run it with a small heap to show memory does
 * not grow with the data:
 *
 * <pre>
 * java -Xmx256m -cp &lt;test classpath&gt; io.vista.core.internal.hdf5.WriterBenchmark out.h5 2000 256 1024 dense
 * /usr/bin/python3 tools/hdf5_writer/verify_with_h5py.py big out.h5 2000 256 1024 dense
 * </pre>
 *
 * "dense" values look like vision-encoder latents (uniform in [-8, 8), nearly incompressible as
 * float16); "sparse" ones like SAE codes (1 in 64 non-zero).
 */
public final class WriterBenchmark {
  private WriterBenchmark() {}

  /** splitmix64-style hash of the element index, mirrored in verify_with_h5py.py. */
  static float value(long i, boolean sparse) {
    long x = i * 0x9E3779B97F4A7C15L;
    x ^= x >>> 29;
    x *= 0xBF58476D1CE4E5B9L;
    x ^= x >>> 32;
    if (sparse && (x & 63) != 0) {
      return 0f;
    }
    return ((x >>> 40) & 0xFFFF) / 4096.0f - 8.0f;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: WriterBenchmark OUT.h5 N T D dense|sparse");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int t = Integer.parseInt(args[2]);
    int d = Integer.parseInt(args[3]);
    boolean sparse = args[4].equals("sparse");
    int batch = 128;
    long start = System.nanoTime();
    try (Hdf5Writer w = Hdf5Writer.create(out)) {
      w.setAttribute("/", "model", "WriterBenchmark");
      w.setAttribute("/", "dataset", args[4]);
      ChunkedDatasetWriter enc = w.createDataset("/training/encoded", ElementType.FLOAT16,
          new long[] {n, t, d}, new int[] {Math.min(batch, n), t, d}, Hdf5Writer.ZSTD_LEVEL);
      ChunkedDatasetWriter age = w.createDataset("/training/labels/age", ElementType.INT64,
          new long[] {n}, new int[] {Math.min(4 * batch, n)}, Hdf5Writer.ZSTD_LEVEL);
      float[] row = new float[t * d]; // one sample at a time, as an encoder loop would deliver
      for (int s = 0; s < n; s++) {
        long base = (long) s * t * d;
        for (int j = 0; j < row.length; j++) {
          row[j] = value(base + j, sparse);
        }
        enc.append(row, 0, row.length);
        age.append(new long[] {CrossCheckFile.longPattern(s, 10)}, 0, 1);
      }
      w.commit();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rawMb = (double) n * t * d * 2 / (1 << 20);
    double fileMb = Files.size(out) / (double) (1 << 20);
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "%s: %d x %d x %d float16 (%s), raw %.0f MiB -> file %.0f MiB (ratio %.3f) in %.1f s: "
            + "%.0f MiB/s raw, %.0f MiB/s to disk; max heap %d MiB, peak heap used (sum of pools) %d MiB%n",
        out, n, t, d, args[4], rawMb, fileMb, fileMb / rawMb, seconds, rawMb / seconds,
        fileMb / seconds, Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
  }
}
