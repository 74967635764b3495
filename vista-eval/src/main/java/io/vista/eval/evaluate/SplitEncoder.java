package io.vista.eval.evaluate;

import io.vista.core.VistaException;
import io.vista.core.data.Batch;
import io.vista.core.data.BatchIterator;
import io.vista.core.data.BatchOptions;
import io.vista.core.data.DataException;
import io.vista.core.data.LatentSplit;
import io.vista.core.Progress;
import io.vista.core.sae.SaeModel;
import io.vista.eval.encode.SaeEncoder;
import io.vista.eval.metrics.FeatureMatrix;
import io.vista.eval.metrics.ReconstructionAccumulator;
import io.vista.eval.metrics.SaeHealthAccumulator;
import io.vista.eval.metrics.TokenPooling;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * evaluation.py's {@code encode_dataset} as one streaming pass: batches of {@code batchSize} samples in file
 * order, tokens flattened into rows, through the SAE's forward pass; health and reconstruction figures are
 * accumulated and the per-sample means over tokens of the activations and of the inputs kept, so only one batch
 * of token-level data is in memory at a time. The per-sample matrices take {@code N * (m + d) * 4} bytes, as the
 * Python's arrays do.
 */
public final class SplitEncoder {
  private SplitEncoder() {}

  /**
   * Encodes {@code split} (its feature width must be the SAE's {@code d_in}).
   *
   * @throws DataException on a width mismatch or unreadable data, naming the file
   */
  public static SplitEncoding encode(LatentSplit split, SaeModel model, int batchSize, Progress progress) {
    int d = model.spec().dIn();
    int m = model.spec().dSae();
    checkInput(split, model.spec());
    long n = split.numSamples();
    int rows = Math.toIntExact(n);
    Map<String, long[]> labels = new LinkedHashMap<>();
    for (String key : split.labelKeys()) {
      labels.put(key, split.labels(key));
    }
    int tokens = split.tokensPerSample();
    FeatureMatrix sae = FeatureMatrix.zeros(rows, m);
    FeatureMatrix raw = FeatureMatrix.zeros(rows, d);
    SaeHealthAccumulator health = new SaeHealthAccumulator(m);
    ReconstructionAccumulator recon = new ReconstructionAccumulator(d);
    SaeEncoder encoder = new SaeEncoder(model);
    BatchOptions options = BatchOptions.defaults(batchSize);
    try (BatchIterator it = BatchIterator.open(split, options, 0)) {
      progress.start("Encoding " + split.name(), it.numBatches());
      long done = 0;
      long next = 0;
      while (it.hasNext()) {
        Batch b = it.next();
        long first = b.sampleIndices()[0];
        if (first != next) {
          throw new VistaException(split + ": batch starts at sample " + first + ", expected " + next);
        }
        encoder.encode(b.features(), b.samples(), tokens, true, (s0, count, x, acts, rec) -> {
          int at = (int) first + s0;
          health.add(acts, count, tokens);
          recon.add(x, rec, count * tokens);
          TokenPooling.meanOverTokens(acts, count, tokens, m, sae.data(), at * m);
          TokenPooling.meanOverTokens(x, count, tokens, d, raw.data(), at * d);
        });
        next = first + b.samples();
        progress.step(++done);
      }
      if (next != n) {
        throw new VistaException(split + ": encoded " + next + " of " + n + " samples");
      }
    }
    var h = health.result();
    var q = recon.result();
    progress.finish(String.format(java.util.Locale.ROOT, "%d samples, %d features, MSE=%.4f, cosine=%.4f",
        h.numSamples(), h.numFeatures(), q.mse(), q.cosineSimilarity()));
    return new SplitEncoding(h, q, sae, raw, labels);
  }

  /**
   * Only the per-sample means over tokens of the SAE's activations, as {@code src.analysis}'s
   * {@code encode_fairface_through_sae} computes them for the intersectional analysis ({@code model.encode} of
   * each batch, float32 mean over tokens).
   */
  public static FeatureMatrix poolFeatures(LatentSplit split, SaeModel model, int batchSize, Progress progress) {
    checkInput(split, model.spec());
    int m = model.spec().dSae();
    int tokens = split.tokensPerSample();
    FeatureMatrix sae = FeatureMatrix.zeros(Math.toIntExact(split.numSamples()), m);
    SaeEncoder encoder = new SaeEncoder(model);
    try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(batchSize), 0)) {
      progress.start("Encoding " + split.name(), it.numBatches());
      long done = 0;
      while (it.hasNext()) {
        Batch b = it.next();
        int first = (int) b.sampleIndices()[0];
        encoder.encode(b.features(), b.samples(), tokens, false, (s0, count, x, acts, rec) ->
            TokenPooling.meanOverTokens(acts, count, tokens, m, sae.data(), (first + s0) * m));
        progress.step(++done);
      }
      progress.finish(split.numSamples() + " samples");
    }
    return sae;
  }

  /**
   * Checks, before any work, that the split fits the SAE and the heap: feature width {@code d_in}, at least one
   * sample, and room for the per-sample matrices.
   */
  public static void checkInput(LatentSplit split, io.vista.core.sae.SaeSpec spec) {
    if (split.dim() != spec.dIn()) {
      throw new DataException(split.file().path() + ": " + split.featurePath() + " has feature width " + split.dim()
          + ", but the SAE's d_in is " + spec.dIn());
    }
    if (split.numSamples() == 0) {
      throw new DataException(split.file().path() + ": " + split.featurePath() + " has no samples");
    }
    checkHeap(split.numSamples(), spec.dSae(), spec.dIn());
  }

  /** Fails early, with the figure, when the per-sample matrices cannot fit the heap. */
  static void checkHeap(long n, long m, long d) {
    long values = n * m;
    if (values > Integer.MAX_VALUE - 8) {
      throw new VistaException("the per-sample SAE features of " + n + " samples x " + m + " features ("
          + values + " values) exceed what one Java array holds (2^31 - 1); evaluate a smaller split");
    }
    long bytes = (n * (m + d)) * Float.BYTES;
    long max = Runtime.getRuntime().maxMemory();
    if (max != Long.MAX_VALUE && bytes > max * 0.9) {
      throw new VistaException(String.format(java.util.Locale.ROOT,
          "the per-sample SAE features and pooled latents of %d samples need %.2f GB but the heap is %.2f GB; "
              + "raise -Xmx", n, bytes / 1e9, max / 1e9));
    }
  }
}
