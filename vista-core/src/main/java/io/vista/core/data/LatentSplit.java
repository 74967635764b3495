package io.vista.core.data;


import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One split of a {@link LatentFile} ({@code training} or {@code validation}): the feature
 * dataset chosen by its key, the {@code labels/*} vectors and {@code original_indices}.
 *
 * <p>Features are {@code (N, T, d)} (token-level) or {@code (N, d)} (pooled, or aggregated SAE
 * latents), float16 or float32; {@link #read} returns them as float32, row-major. The view is
 * cheap to create: only the dataset header is read, and its shape, type and filters are checked
 * up front. Reading is thread-safe; a one-chunk cache makes consecutive unaligned
 * {@link #read} calls decode each chunk once.
 */
public final class LatentSplit {
  private final LatentFile file;
  private final Group group;
  private final String name;
  private final String featureKey;
  private final Dataset features;
  private final String featurePath;
  private final long numSamples;
  private final int tokens;
  private final int dim;
  private final boolean tokenLevel;
  private final ElementCodec codec;
  private final List<String> filterNames;
  private final FeatureSource source;
  private final Object cacheLock = new Object();
  private int cachedBlock = -1;
  private byte[] cachedBytes;

  LatentSplit(LatentFile file, Group group, String name, String featureKey, Dataset features) {
    this.file = file;
    this.group = group;
    this.name = name;
    this.featureKey = featureKey;
    this.features = features;
    this.featurePath = "/" + name + "/" + featureKey;
    String where = file.where(featurePath);
    try {
      long[] dims = features.getDimensionsAsLong();
      if (dims.length != 2 && dims.length != 3) {
        throw new DataException(where + " has rank " + dims.length + " (shape "
            + Arrays.toString(dims) + "), expected 2 (N, d) or 3 (N, T, d)");
      }
      this.tokenLevel = dims.length == 3;
      this.numSamples = dims[0];
      this.tokens = tokenLevel ? Math.toIntExact(dims[1]) : 1;
      this.dim = Math.toIntExact(dims[dims.length - 1]);
      this.codec = floatCodec(features.getDataType(), where);
      List<FilterInfo> filters = HdfFilters.of(features);
      FilterInfo missing = HdfFilters.firstUnavailable(filters);
      if (missing != null) {
        throw new DataException(where + " uses HDF5 filter id " + missing.getId() + " ('"
            + missing.getName() + "'), which no registered filter can decode");
      }
      this.filterNames = HdfFilters.describe(filters);
      this.source = FeatureSource.of(where, file.hdf(), features, codec, false);
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Errors.wrap(where + " header cannot be read", e);
    }
  }

  private static ElementCodec floatCodec(DataType type, String where) {
    if (type instanceof FloatingPoint fp) {
      ElementCodec c = ElementCodec.of(fp.getSize(), fp.getByteOrder());
      if (c != null) {
        return c;
      }
    }
    throw new DataException(where + " has dtype " + dtypeName(type) + ", expected float16 or float32");
  }

  /** numpy's name for an HDF5 type: {@code float16}, {@code int64}, {@code uint8}, ... */
  static String dtypeName(DataType type) {
    if (type instanceof FloatingPoint) {
      return "float" + type.getSize() * 8;
    }
    if (type instanceof FixedPoint fixed) {
      return (fixed.isSigned() ? "int" : "uint") + type.getSize() * 8;
    }
    return type.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** The split (group) name, e.g. {@code training}. */
  public String name() {
    return name;
  }

  /** The feature dataset's key inside the split, e.g. {@code encoded} or {@code data/mean}. */
  public String featureKey() {
    return featureKey;
  }

  /** The file this split belongs to. */
  public LatentFile file() {
    return file;
  }

  /** {@code /split/featureKey}. */
  public String featurePath() {
    return featurePath;
  }

  /** N, the number of samples (images). */
  public long numSamples() {
    return numSamples;
  }

  /** True for {@code (N, T, d)} data, false for {@code (N, d)}. */
  public boolean tokenLevel() {
    return tokenLevel;
  }

  /** T, tokens per sample; 1 for 2-D data. */
  public int tokensPerSample() {
    return tokens;
  }

  /** d, the feature width. */
  public int dim() {
    return dim;
  }

  /** {@code float16} or {@code float32}. */
  public String dtypeName() {
    return codec.dtypeName();
  }

  /** The HDF5 chunk shape, or an empty array for unchunked data. */
  public int[] chunkShape() {
    int[] c = source.chunkShape();
    return c == null ? new int[0] : c;
  }

  /** The filter pipeline, e.g. {@code [zstd(level=3)]} or {@code [shuffle, zstd(level=3)]}. */
  public List<String> filterNames() {
    return filterNames;
  }

  /** The datasets in the split's {@code labels} group, sorted; empty if it has none. */
  public List<String> labelKeys() {
    Node labels = file.findNode(group, "labels");
    if (labels == null || !labels.isGroup()) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (String p : file.datasetPaths((Group) labels, "")) {
      keys.add(p);
    }
    return List.copyOf(keys);
  }

  /**
   * The whole label vector {@code labels/<key>} (N values).
   *
   * @throws DataException if the key is missing (naming those available), the dataset is not a
   *     1-D integer vector, or its length differs from the number of samples
   */
  public long[] labels(String key) {
    String path = "/" + name + "/labels/" + key;
    Node node = file.findNode(group, "labels/" + key);
    if (!(node instanceof Dataset ds)) {
      throw new DataException(file.where(path) + " does not exist (labels in /" + name + ": "
          + LatentFile.join(labelKeys()) + ")");
    }
    long[] values = readIntegerVector(ds, path);
    if (values.length != numSamples) {
      throw new DataException(file.where(path) + " has " + values.length + " values but "
          + featurePath + " has " + numSamples + " samples");
    }
    return values;
  }

  /** {@code original_indices} (row of each sample in the source dataset), or an empty array. */
  public long[] originalIndices() {
    String path = "/" + name + "/original_indices";
    Node node = file.findNode(group, "original_indices");
    if (!(node instanceof Dataset ds)) {
      return new long[0];
    }
    long[] values = readIntegerVector(ds, path);
    if (values.length != numSamples) {
      throw new DataException(file.where(path) + " has " + values.length + " values but "
          + featurePath + " has " + numSamples + " samples");
    }
    return values;
  }

  private long[] readIntegerVector(Dataset ds, String path) {
    return readIntegerVector(file, ds, path);
  }

  /** A 1-D integer dataset as longs; {@code path} is the dataset's path, for messages. */
  static long[] readIntegerVector(LatentFile file, Dataset ds, String path) {
    String where = file.where(path);
    try {
      if (ds.getDimensionsAsLong().length != 1) {
        throw new DataException(where + " has shape " + Arrays.toString(ds.getDimensionsAsLong())
            + ", expected a vector");
      }
      if (!(ds.getDataType() instanceof FixedPoint)) {
        throw new DataException(where + " has dtype " + dtypeName(ds.getDataType())
            + ", expected an integer type");
      }
      FilterInfo missing = HdfFilters.firstUnavailable(HdfFilters.of(ds));
      if (missing != null) {
        throw new DataException(where + " uses HDF5 filter id " + missing.getId() + " ('"
            + missing.getName() + "'), which no registered filter can decode");
      }
      if (ds.getSize() == 0) {
        return new long[0];
      }
      Object data = ds.getData();
      int n = Array.getLength(data);
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = ((Number) Array.get(data, i)).longValue();
      }
      return out;
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Errors.wrap(where + " cannot be read", e);
    }
  }

  /**
   * Features of samples {@code [firstSample, firstSample + count)} as float32, row-major
   * ({@code count * T * d} values). Whole chunks are decoded; the last one is cached.
   */
  public float[] read(long firstSample, int count) {
    if (firstSample < 0 || count < 0 || firstSample + count > numSamples) {
      throw new IndexOutOfBoundsException("samples [" + firstSample + ", " + (firstSample + count)
          + ") outside " + file.where(featurePath) + " with " + numSamples + " samples");
    }
    int per = source.sampleElements();
    float[] out = new float[Math.multiplyExact(count, per)];
    int sampleBytes = source.sampleBytes();
    ElementCodec c = source.codec();
    long s = firstSample;
    int done = 0;
    while (done < count) {
      int block = (int) (s / source.blockRows());
      int row = (int) (s - source.blockStart(block));
      int take = Math.min(count - done, source.blockLength(block) - row);
      byte[] bytes = block(block);
      c.decode(bytes, row * sampleBytes, out, done * per, take * per);
      done += take;
      s += take;
    }
    return out;
  }

  private byte[] block(int block) {
    synchronized (cacheLock) {
      if (block == cachedBlock) {
        return cachedBytes;
      }
    }
    byte[] bytes = source.readBlock(block);
    synchronized (cacheLock) {
      cachedBlock = block;
      cachedBytes = bytes;
    }
    return bytes;
  }

  /** Package-private: the block reader, shared by {@link BatchIterator} and the inspector. */
  /** Bytes the split's features occupy in the file (compressed chunks as stored). */
  public long storedBytes() {
    return source().storedBytes();
  }

  FeatureSource source() {
    return source;
  }

  /** A reader of the same dataset through jHDF's slicing, for {@code DecodeBenchmark}. */
  FeatureSource sliceSource() {
    return FeatureSource.of(file.where(featurePath), file.hdf(), features, codec, true);
  }

  @Override
  public String toString() {
    return file.path() + ":" + featurePath + " " + numSamples
        + (tokenLevel ? "x" + tokens : "") + "x" + dim + " " + dtypeName();
  }
}
