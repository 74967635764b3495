package io.vista.eval.export;

import io.vista.core.VistaException;
import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.BatchOptions;
import io.vista.core.data.DataException;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.internal.hdf5.ChunkedDatasetWriter;
import io.vista.core.internal.hdf5.ElementType;
import io.vista.core.internal.hdf5.Hdf5Writer;
import io.vista.core.Progress;
import io.vista.core.sae.SaeModel;
import io.vista.eval.encode.SaeEncoder;
import io.vista.eval.metrics.TokenPooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code sae_latent_dataset.py}: encodes every sample of the {@code training} and {@code validation} splits of a
 * vision-encoder latent file through an SAE's {@code encode} and writes two files.
 *
 * <ul>
 *   <li>raw: {@code <split>/data} (N, T, m) float16, chunks (min(batch, N), T, m);
 *   <li>aggregated: {@code <split>/data/mean} and {@code <split>/data/max} (N, m) float16, chunks
 *       (min(4 batch, N), m) -- the float32 mean (numpy's order) and max over tokens, then rounded;
 * </ul>
 *
 * both Zstd level 3 (as the Python; {@link ExportOptions#zstdLevel} changes it), with the root and split
 * attributes, {@code labels/*} and {@code original_indices} copied.
 * A split without {@code encoded} data gets its labels and indices only; a missing split is skipped. Streaming:
 * one batch of token-level data at a time, chunks written as they fill. Both files are written to temp files
 * and renamed at the end, so a failure leaves no partial output (and the previous files untouched, unlike the
 * Python, which deletes them); if the second rename fails, the first output is removed so that the pair stays
 * consistent. A pooled input (N, d) is encoded with T = 1, giving (N, 1, m).
 */
public final class SaeLatentExport {
  /** The splits the Python processes, in its order. */
  public static final List<String> SPLITS = List.of("training", "validation");

  private SaeLatentExport() {}

  /** Runs the export. */
  public static void run(ExportOptions opts, Progress progress) {
    if (!Files.isRegularFile(opts.input())) {
      throw new DataException(opts.input() + ": input file not found");
    }
    SaeModel sae = SaeModel.load(opts.checkpoint());
    progress.info("Model loaded. Latent dim = " + sae.spec().dSae() + " (" + sae.spec().variant() + ", "
        + sae.provenance().format().label() + ")");
    for (Path p : List.of(opts.outputRaw(), opts.outputAgg())) {
      Path parent = p.toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new VistaException(parent + ": cannot create folder (" + e.getMessage() + ")", e);
      }
    }
    List<String> splits = SplitMetadata.splits(opts.input(), SPLITS);
    try (LatentFile in = LatentFile.open(opts.input())) {
      checkWidths(in, splits, sae, opts.input());
      try (Hdf5Writer raw = Hdf5Writer.create(opts.outputRaw());
          Hdf5Writer agg = Hdf5Writer.create(opts.outputAgg());
          SaeModel model = sae.withThreads(opts.threads(), 0)) {
        for (Map.Entry<String, String> a : SplitMetadata.attributes(opts.input(), "/").entrySet()) {
          raw.setAttribute("/", a.getKey(), a.getValue());
          agg.setAttribute("/", a.getKey(), a.getValue());
        }
        for (String split : SPLITS) {
          if (!splits.contains(split)) {
            progress.info("Split '" + split + "' not in input. Skipping.");
            continue;
          }
          processSplit(in, opts, split, model, raw, agg, progress);
        }
        raw.commit();
        try {
          agg.commit();
        } catch (RuntimeException e) {
          deleteQuietly(opts.outputRaw());
          throw e;
        }
      }
    }
    progress.info("Done. Raw: " + opts.outputRaw() + " | Aggregated: " + opts.outputAgg());
  }

  private static void checkWidths(LatentFile in, List<String> splits, SaeModel sae, Path input) {
    for (String split : splits) {
      if (!hasEncoded(in, split)) {
        continue;
      }
      LatentSplit s = in.split(split, "encoded");
      if (s.dim() != sae.spec().dIn()) {
        throw new DataException(input + ": " + s.featurePath() + " has feature width " + s.dim()
            + ", but the SAE's d_in is " + sae.spec().dIn());
      }
    }
  }

  private static boolean hasEncoded(LatentFile in, String split) {
    try {
      in.split(split, "encoded");
      return true;
    } catch (DataException e) {
      if (e.getMessage() != null && e.getMessage().contains("no feature dataset")) {
        return false;
      }
      throw e;
    }
  }

  private static void processSplit(LatentFile in, ExportOptions opts, String split, SaeModel model,
      Hdf5Writer raw, Hdf5Writer agg, Progress progress) {
    String g = "/" + split;
    raw.createGroup(g);
    agg.createGroup(g);
    for (Map.Entry<String, String> a : SplitMetadata.attributes(opts.input(), g).entrySet()) {
      raw.setAttribute(g, a.getKey(), a.getValue());
      agg.setAttribute(g, a.getKey(), a.getValue());
    }
    Map<String, long[]> vectors = SplitMetadata.vectors(opts.input(), split);
    LatentSplit s = hasEncoded(in, split) ? in.split(split, "encoded") : null;
    if (s == null || s.numSamples() == 0) {
      progress.info("No encoded data in split '" + split + "'. Copying metadata only.");
      copyVectors(vectors, g, raw, agg, opts.batchSize(), opts.zstdLevel());
      return;
    }
    int n = Math.toIntExact(s.numSamples());
    int tokens = s.tokensPerSample();
    int m = model.spec().dSae();
    int batch = opts.batchSize();
    ChunkedDatasetWriter data = raw.createDataset(g + "/data", ElementType.FLOAT16, new long[] {n, tokens, m},
        new int[] {Math.min(batch, n), tokens, m}, opts.zstdLevel());
    int[] aggChunk = {(int) Math.min(4L * batch, n), m};
    ChunkedDatasetWriter mean = agg.createDataset(g + "/data/mean", ElementType.FLOAT16, new long[] {n, m},
        aggChunk, opts.zstdLevel());
    ChunkedDatasetWriter max = agg.createDataset(g + "/data/max", ElementType.FLOAT16, new long[] {n, m},
        aggChunk, opts.zstdLevel());
    copyVectors(vectors, g, raw, agg, batch, opts.zstdLevel());

    SaeEncoder encoder = new SaeEncoder(model);
    try (BatchIterator it = BatchIterator.open(s, BatchOptions.defaults(batch), 0)) {
      progress.start("Encoding " + split, it.numBatches());
      long done = 0;
      long next = 0;
      while (it.hasNext()) {
        Batch b = it.next();
        if (b.sampleIndices()[0] != next) {
          throw new VistaException(s + ": batch starts at sample " + b.sampleIndices()[0] + ", expected " + next);
        }
        encoder.encode(b.features(), b.samples(), tokens, false, (first, count, x, acts, recon) -> {
          data.append(acts, 0, acts.length);
          float[] pooled = new float[count * m];
          TokenPooling.meanOverTokens(acts, count, tokens, m, pooled, 0);
          mean.append(pooled, 0, pooled.length);
          maxOverTokens(acts, count, tokens, m, pooled);
          max.append(pooled, 0, pooled.length);
        });
        next += b.samples();
        progress.step(++done);
      }
      progress.finish(n + " samples");
    }
  }

  /** {@code np.max(x.reshape(n, T, m), axis=1)} (NaN propagates, as numpy's maximum does). */
  static void maxOverTokens(float[] acts, int samples, int tokens, int m, float[] dst) {
    for (int s = 0; s < samples; s++) {
      int base = s * tokens * m;
      System.arraycopy(acts, base, dst, s * m, m);
      for (int t = 1; t < tokens; t++) {
        int row = base + t * m;
        for (int j = 0; j < m; j++) {
          float v = acts[row + j];
          float cur = dst[s * m + j];
          if (v > cur || Float.isNaN(v)) {
            dst[s * m + j] = Float.isNaN(cur) ? cur : v;
          }
        }
      }
    }
  }

  private static void copyVectors(Map<String, long[]> vectors, String g, Hdf5Writer raw, Hdf5Writer agg,
      int batch, int zstdLevel) {
    for (Map.Entry<String, long[]> v : vectors.entrySet()) {
      long[] values = v.getValue();
      // labels as the VE pipeline chunks them, (min(4 batch, N),); original_indices in the writer's default chunks
      int[] chunk = v.getKey().startsWith("labels/") && values.length > 0
          ? new int[] {Math.min(4 * batch, values.length)} : null;
      if (values.length == 0) {
        chunk = null;
      }
      raw.writeLongs(g + "/" + v.getKey(), values, chunk, zstdLevel);
      agg.writeLongs(g + "/" + v.getKey(), values, chunk, zstdLevel);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // already failing with a better message
    }
  }
}
