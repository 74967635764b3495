package io.vista.bench;

import io.vista.core.data.BatchIterator;
import io.vista.core.data.LatentSplit;

/**
 * The loader alone: the trainer's shuffled epoch iterator drained with no training, so the
 * consumer never waits on anything but the prefetch thread. Its rate is the most the one decoding
 * thread delivers (Zstd decompression, float16 to float32, shuffle buffer, batch assembly).
 *
 * @param batches batches drained (after the first, which includes start-up)
 * @param seconds wall time for them
 * @param float16MBps decoded float16 payload (tokens x d x 2 bytes) per second
 * @param compressedMBps the same in the file's compressed bytes per second (payload x file ratio)
 * @param tokensPerSecond tokens delivered per second
 * @param compressionRatio file bytes / float16 payload bytes of the whole file
 * @param cpuSeconds process CPU time over the drain (nearly all of it the prefetch thread's)
 * @param float16MBpsPerCpuSecond payload per CPU second: the decode rate of one thread with a core
 *     to itself, whatever the machine's load
 */
record LoaderBench(int batches, double seconds, double float16MBps, double compressedMBps, double tokensPerSecond,
    double compressionRatio, double cpuSeconds, double float16MBpsPerCpuSecond) {

  static LoaderBench run(LatentSplit train, BenchOptions o, long fileBytes, long fileTokens) {
    int count = 0;
    long t0 = 0;
    long cpu0 = 0;
    try (BatchIterator it = BatchIterator.open(train, BenchData.trainerOptions(o, true), 1)) {
      if (it.hasNext()) {
        it.next();
      }
      t0 = System.nanoTime();
      cpu0 = Clock.processCpuNanos();
      while (it.hasNext()) {
        it.next();
        count++;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (Clock.processCpuNanos() - cpu0) / 1e9;
    double payload = (double) count * o.tokensPerBatch() * o.dim() * 2;
    double ratio = fileBytes / ((double) fileTokens * o.dim() * 2);
    return new LoaderBench(count, seconds, payload / seconds / 1e6, payload * ratio / seconds / 1e6,
        (double) count * o.tokensPerBatch() / seconds, ratio, cpu, payload / cpu / 1e6);
  }
}
