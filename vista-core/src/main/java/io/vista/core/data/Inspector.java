package io.vista.core.data;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code h5ls}-like report of a latent file, for people: root attributes; per split, every
 * dataset's shape, dtype, chunking, filters and compression ratio; each label's class counts
 * (value: count) with a warning for values outside the FairFace classes; and summary statistics
 * of the features in the first chunks. Problems are reported inline ({@code !}) instead of
 * aborting the report, except for a file that cannot be opened at all.
 */
public final class Inspector {
  /** Stats stop after this many chunks... */
  static final int MAX_STAT_BLOCKS = 4;
  /** ...or once this many values are in, whichever comes first (at least one chunk). */
  static final long MAX_STAT_VALUES = 4_000_000L;

  private Inspector() {}

  /**
   * Describes {@code file}.
   *
   * @throws DataException if the file cannot be opened
   */
  public static String describe(Path file) {
    StringBuilder out = new StringBuilder();
    try (LatentFile latent = LatentFile.open(file)) {
      out.append("file ").append(file).append(" (").append(bytes(sizeOf(file))).append(")\n");
      out.append("attributes\n");
      Map<String, String> attrs = latent.attributes();
      if (attrs.isEmpty()) {
        out.append("  (none)\n");
      }
      attrs.forEach((k, v) -> out.append("  ").append(k).append(" = ").append(v).append('\n'));
      for (String split : latent.splitNames()) {
        describeSplit(latent, split, out);
      }
    }
    return out.toString();
  }

  private static void describeSplit(LatentFile file, String splitName, StringBuilder out) {
    int headerAt = out.length();
    Group group = file.requireSplit(splitName);
    List<String> paths;
    try {
      paths = file.datasetPaths(group, "");
    } catch (DataException e) {
      out.append("  ! ").append(e.getMessage()).append('\n');
      return;
    }
    int width = paths.stream().mapToInt(String::length).max().orElse(0);
    String featurePath = null;
    boolean anyFeatures = paths.stream().anyMatch(LatentFile.FEATURE_KEYS::contains);
    // Groups without latents (e.g. the demo's /ground_truth) are listed, not checked as splits.
    out.insert(headerAt, (anyFeatures ? "split " : "group ") + splitName + "\n");
    long featureSamples = -1;
    for (String key : LatentFile.FEATURE_KEYS) {
      if (paths.contains(key) && file.findNode(group, key) instanceof Dataset ds && ds.getDimensionsAsLong().length > 0) {
        featurePath = "/" + splitName + "/" + key;
        featureSamples = ds.getDimensionsAsLong()[0];
        break;
      }
    }
    for (String rel : paths) {
      String fullPath = "/" + splitName + "/" + rel;
      try {
        Node node = file.findNode(group, rel);
        Dataset ds = (Dataset) node;
        out.append("  ").append(pad(rel, width)).append("  ").append(header(ds)).append('\n');
        if (rel.startsWith("labels/")) {
          long n = describeLabels(file, ds, fullPath, rel.substring("labels/".length()), out);
          if (featureSamples >= 0 && n != featureSamples) {
            out.append("    ! ").append(file.where(fullPath)).append(" has ").append(n)
                .append(" values but ").append(featurePath).append(" has ").append(featureSamples)
                .append(" samples\n");
          }
        } else if (ds.getDataType() instanceof FloatingPoint && LatentFile.FEATURE_KEYS.contains(rel)) {
          describeFeatures(file.split(splitName, rel), out);
        }
      } catch (DataException e) {
        out.append("    ! ").append(e.getMessage()).append('\n');
      } catch (RuntimeException e) {
        out.append("    ! ").append(Errors.reason(Errors.wrap(file.where(fullPath), e))).append('\n');
      }
    }
  }

  private static String header(Dataset ds) {
    StringBuilder h = new StringBuilder();
    h.append(shape(ds.getDimensionsAsLong())).append("  ").append(LatentSplit.dtypeName(ds.getDataType()));
    if (ds instanceof ChunkedDataset chunked) {
      h.append("  chunks ").append(shape(chunked.getChunkDimensions()));
    } else {
      h.append("  ").append(ds.getDataLayout().name().toLowerCase(Locale.ROOT));
    }
    List<String> filters = HdfFilters.describe(HdfFilters.of(ds));
    h.append("  filters ").append(filters.isEmpty() ? "none" : String.join(" > ", filters));
    long raw = ds.getSizeInBytes();
    long stored = ds.getStorageInBytes();
    h.append("  stored ").append(bytes(stored));
    if (stored > 0 && stored != raw) {
      h.append(String.format(Locale.ROOT, " of %s (%.2fx)", bytes(raw), raw / (double) stored));
    }
    return h.toString();
  }

  /** Prints the class histogram; returns the number of values. */
  private static long describeLabels(LatentFile file, Dataset ds, String path, String key, StringBuilder out) {
    long[] values = LatentSplit.readIntegerVector(file, ds, path);
    Map<Long, Long> counts = LabelSpec.counts(values);
    List<String> parts = new ArrayList<>();
    counts.forEach((v, c) -> parts.add(v + ": " + c));
    out.append("    classes {").append(String.join(", ", parts)).append("}\n");
    try {
      LabelSpec.fairFace().check(file.where(path), key, values);
    } catch (DataException e) {
      out.append("    ! ").append(e.getMessage()).append('\n');
    }
    return values.length;
  }

  private static void describeFeatures(LatentSplit split, StringBuilder out) {
    FeatureSource source = split.source();
    ElementCodec codec = source.codec();
    int per = source.sampleElements();
    long n = 0;
    long samples = 0;
    long nonFinite = 0;
    double sum = 0;
    double sumSquares = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    int blocks = 0;
    float[] values = new float[0];
    while (blocks < Math.min(MAX_STAT_BLOCKS, source.numBlocks()) && (blocks == 0 || n < MAX_STAT_VALUES)) {
      byte[] bytes = source.readBlock(blocks);
      int count = source.blockLength(blocks) * per;
      if (values.length < count) {
        values = new float[count];
      }
      codec.decode(bytes, 0, values, 0, count);
      for (int i = 0; i < count; i++) {
        float v = values[i];
        if (!Float.isFinite(v)) {
          nonFinite++;
          continue;
        }
        n++;
        sum += v;
        sumSquares += (double) v * v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      samples += source.blockLength(blocks);
      blocks++;
    }
    out.append("    ").append(split.numSamples()).append(" samples x ");
    if (split.tokenLevel()) {
      out.append(split.tokensPerSample()).append(" tokens x ");
    }
    out.append(split.dim()).append(" features\n");
    if (n == 0 && nonFinite == 0) {
      out.append("    (no data)\n");
      return;
    }
    double mean = n == 0 ? Double.NaN : sum / n;
    double variance = n == 0 ? Double.NaN : Math.max(0, sumSquares / n - mean * mean);
    out.append(String.format(Locale.ROOT,
        "    first %d chunk%s (%d samples, %d values): mean %.6g  std %.6g  min %.6g  max %.6g",
        blocks, blocks == 1 ? "" : "s", samples, n + nonFinite, mean, Math.sqrt(variance), (double) min,
        (double) max));
    if (nonFinite > 0) {
      out.append("  ! ").append(nonFinite).append(" NaN/Inf");
    }
    out.append('\n');
  }

  private static String shape(long[] dims) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return b.append(dims.length == 1 ? ",)" : ")").toString();
  }

  private static String shape(int[] dims) {
    long[] l = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      l[i] = dims[i];
    }
    return shape(l);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
