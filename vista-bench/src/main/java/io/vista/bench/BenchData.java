package io.vista.bench;

import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.BatchOptions;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.Pooling;
import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.internal.graph.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.types.TFloat32;

/**
 * The benchmark's data: a token-level VISTA file (float16, Zstd level 3, chunks of 128 samples)
 * written by {@link DemoGenerator}, big enough that one streamed series of warm-up plus timed steps
 * never wraps; and a few of its batches held in memory, as float arrays and as tensors.
 */
final class BenchData {
  /** Batches kept in memory for the in-memory path (cycled). */
  static final int MEMORY_BATCHES = 4;

  /** Latent scale of the generated data (the demo experiment's {@code data.demo.scale}). */
  static final double SCALE = 20.0;

  private BenchData() {}

  /** The file's spec: {@code batches} training batches plus 4 batches of validation samples. */
  static DemoSpec spec(BenchOptions o, int batches) {
    int samples = batches * o.samplesPerBatch();
    // A dictionary 4x wider than d with 32 atoms per token: dense, SAE-like token latents, scaled
    // to norms in the tens like real encoders' (as experiment=demo does), so that JumpReLU
    // features, whose thresholds start at 1, fire.
    return new DemoSpec(samples, 4 * o.samplesPerBatch(), o.tokensPerSample(), o.dim(), 4 * o.dim(), 32, 0.01,
        o.seed(), false, SCALE);
  }

  /** Generates the file unless a file of the same spec is already in the work directory. */
  static Path ensureFile(BenchOptions o, int batches, java.io.PrintStream log) {
    DemoSpec spec = spec(o, batches);
    Path file = o.workDir().resolve(String.format(Locale.ROOT, "bench_d%d_t%d_n%d_x%s_s%d.h5", spec.dim(),
        spec.tokens(), spec.trainSamples(), spec.scale(), spec.seed()));
    if (Files.isRegularFile(file)) {
      log.printf("data: reusing %s (%.0f MB)%n", file, size(file) / 1e6);
      return file;
    }
    try {
      Files.createDirectories(o.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long t0 = System.nanoTime();
    DemoGenerator.generate(spec, file);
    log.printf("data: generated %s (%.0f MB) in %.1f s%n", file, size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
    return file;
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The trainer's batch options for an SAE (see {@code Trainer.options}), shuffled or in file order. */
  static BatchOptions trainerOptions(BenchOptions o, boolean shuffle) {
    // shuffle_buffer_chunks and prefetch_batches as config/data/fairface_no_labels.yaml sets them.
    return new BatchOptions(o.samplesPerBatch(), Pooling.FLATTEN_TOKENS, shuffle, o.seed(), 8, 4, List.of(),
        o.dim(), false, shuffle); // training batches: float16 as SaeTask takes them
  }

  /** The first {@link #MEMORY_BATCHES} batches of the training split, in file order. */
  static List<Batch> memoryBatches(LatentSplit train, BenchOptions o) {
    List<Batch> out = new ArrayList<>();
    try (BatchIterator it = BatchIterator.open(train, trainerOptions(o, false), 0)) {
      while (it.hasNext() && out.size() < MEMORY_BATCHES) {
        out.add(it.next());
      }
    }
    return out;
  }

  /** Tensors of the batches; the caller closes them. */
  static List<TFloat32> tensors(List<Batch> batches) {
    List<TFloat32> out = new ArrayList<>();
    for (Batch b : batches) {
      out.add(Tensors.of(b.features(), b.rows(), b.dim()));
    }
    return out;
  }

  /** Opens the file's training split view (the caller closes the file). */
  static LatentSplit trainSplit(LatentFile file) {
    return file.split("training", "encoded");
  }
}
