package io.vista.core.internal.hdf5;

import io.vista.core.data.DataException;
import io.vista.core.internal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a VISTA-format HDF5 file of any size in bounded memory: groups, string attributes and
 * chunked float16/float32/int64 datasets, optionally Zstandard-compressed exactly as h5py +
 * hdf5plugin write them (filter 32015, one zstd frame per chunk). See the package documentation
 * for the HDF5 structures used and why.
 *
 * <p>Everything goes to a temp file beside the target ({@link AtomicFiles#begin});
 * {@link #commit()} checks every dataset is complete, writes the metadata, fsyncs and atomically
 * renames the temp file over the target. Until then the target is untouched, and {@link #close()}
 * without commit deletes the temp file (as does JVM exit on Ctrl-C or SIGTERM), so a failure or an
 * interruption never leaves a half-written target.
 *
 * <pre>{@code
 * try (Hdf5Writer w = Hdf5Writer.create(Path.of("demo.h5"))) {
 *   w.setAttribute("/", "model", "DemoGenerator");
 *   ChunkedDatasetWriter enc = w.createDataset("/training/encoded", ElementType.FLOAT16,
 *       new long[] {n, t, d}, new int[] {128, t, d}, 3);
 *   for (float[] batch : batches) enc.append(batch, 0, batch.length);
 *   w.writeLongs("/training/labels/age", ages, null, 3);
 *   w.commit();
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Every failure is a {@link DataException} whose one-line message names the
 * target file and the object path at fault.
 */
public final class Hdf5Writer implements AutoCloseable {
  /**
   * The Zstandard level VISTA's Python writes with ({@code hdf5plugin.Zstd(clevel=3)} in
   * {@code sae_latent_dataset.py} and {@code ve_latent_dataset.py}): the default of every caller.
   */
  public static final int ZSTD_LEVEL = 3;

  /** The lowest Zstandard level accepted (the filter's {@code cd_values} are unsigned). */
  public static final int MIN_ZSTD_LEVEL = 1;

  /** The highest Zstandard level libzstd implements. */
  public static final int MAX_ZSTD_LEVEL = 22;

  private enum State { OPEN, COMMITTED, CLOSED, FAILED }

  private final Path target;
  private final AtomicFiles.Pending file;
  private final ZstdEncoder zstd = new ZstdEncoder();
  private final TailWriter tail;
  private final ObjectTree.Group root = new ObjectTree.Group();
  private final List<ObjectTree.Dataset> datasets = new ArrayList<>();
  private final DatasetStream.Owner owner = new StreamOwner();
  private State state = State.OPEN;

  private Hdf5Writer(Path target, AtomicFiles.Pending file) throws IOException {
    this.target = target;
    this.file = file;
    this.tail = new TailWriter(file.channel(), 0);
    tail.append(new byte[Hdf5Format.SUPERBLOCK_SIZE]); // reserved; written by commit()
  }

  /**
   * Starts a file that {@link #commit()} will move to {@code target}; the temp file is created
   * now, in the target's directory (so the final rename is atomic).
   */
  public static Hdf5Writer create(Path target) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new DataException(target + ": directory " + dir + " does not exist");
    }
    AtomicFiles.Pending file;
    try {
      file = AtomicFiles.begin(target);
    } catch (IOException e) {
      throw new DataException(target + ": cannot create a temp file in " + dir + " ("
          + AtomicFiles.describe(e) + ")", e);
    }
    try {
      return new Hdf5Writer(target, file);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw new DataException(target + ": cannot write temp file " + file.path() + " ("
          + AtomicFiles.describe(e) + ")", e);
    }
  }

  /** The file this writer will produce on {@link #commit()}. */
  public Path target() {
    return target;
  }

  /** Creates the group and any missing parents; an existing group is left as it is. */
  public void createGroup(String path) {
    checkWritable(path);
    List<String> names = names(path);
    group(names, true, path);
  }

  /**
   * Sets a scalar variable-length UTF-8 string attribute (what h5py writes for a Python str) on
   * the group or dataset at {@code objectPath} ("/" is the root), replacing one of the same name.
   */
  public void setAttribute(String objectPath, String name, String value) {
    checkWritable(objectPath);
    if (name == null || name.isEmpty() || value == null) {
      throw error(objectPath, "attribute needs a non-empty name and a non-null value");
    }
    node(names(objectPath), objectPath).attributes.put(name, value);
  }

  /**
   * Creates a chunked dataset (missing parent groups too) to be filled through the returned
   * writer, in row-major order. {@code zstdLevel} is 0 for no filter, else the Zstandard level
   * ({@link #MIN_ZSTD_LEVEL} to {@link #MAX_ZSTD_LEVEL}; VISTA uses {@link #ZSTD_LEVEL}), which
   * is also recorded in the filter's {@code cd_values[0]} as hdf5plugin does.
   * Chunks may have any shape with {@code 1 <= chunk[i] <= shape[i]} and at most 1 GiB; chunks
   * spanning whole trailing dimensions (VISTA's {@code (rows, T, d)}) stream without buffering.
   */
  public ChunkedDatasetWriter createDataset(
      String path, ElementType type, long[] shape, int[] chunkShape, int zstdLevel) {
    checkWritable(path);
    if (type == null) {
      throw error(path, "dataset needs an element type");
    }
    if (zstdLevel != 0 && (zstdLevel < MIN_ZSTD_LEVEL || zstdLevel > MAX_ZSTD_LEVEL)) {
      throw error(path, "zstd level " + zstdLevel + " unsupported: 0 (no filter) or "
          + MIN_ZSTD_LEVEL + ".." + MAX_ZSTD_LEVEL);
    }
    String problem = DatasetStream.checkShape(shape, chunkShape, type);
    if (problem != null) {
      throw error(path, problem);
    }
    List<String> names = names(path);
    if (names.isEmpty()) {
      throw error(path, "the root is a group, not a dataset");
    }
    ObjectTree.Group parent = group(names.subList(0, names.size() - 1), true, path);
    String leaf = names.get(names.size() - 1);
    String canonical = ObjectTree.join(names);
    if (parent.children.containsKey(leaf)) {
      throw error(canonical, "already exists");
    }
    DatasetStream stream;
    try {
      stream = new DatasetStream(owner, canonical, type, shape, chunkShape, zstdLevel);
    } catch (ArithmeticException e) {
      throw error(canonical, "shape " + Arrays.toString(shape) + " has more than 2^63 elements");
    }
    ObjectTree.Dataset dataset = new ObjectTree.Dataset(stream);
    parent.children.put(leaf, dataset);
    datasets.add(dataset);
    return stream;
  }

  /**
   * Writes a whole 1-D INT64 dataset. {@code chunkShape} null picks chunks of up to 1 MiB.
   */
  public void writeLongs(String path, long[] data, int[] chunkShape, int zstdLevel) {
    if (data == null) {
      throw error(path, "null data");
    }
    long[] shape = {data.length};
    int[] chunk = chunkShape != null ? chunkShape : defaultChunk(shape, ElementType.INT64);
    createDataset(path, ElementType.INT64, shape, chunk, zstdLevel).append(data, 0, data.length);
  }

  /**
   * Writes a whole FLOAT16 or FLOAT32 dataset of the given shape from row-major {@code data}.
   * {@code chunkShape} null picks whole-row chunks of up to 1 MiB.
   */
  public void writeFloats(
      String path, float[] data, long[] shape, ElementType type, int[] chunkShape, int zstdLevel) {
    if (data == null || shape == null) {
      throw error(path, "null data or shape");
    }
    long elements = 1;
    for (long s : shape) {
      elements *= s;
    }
    if (elements != data.length) {
      throw error(path, data.length + " values for shape " + Arrays.toString(shape));
    }
    if (type == null || !type.isFloatingPoint()) {
      throw error(path, "writeFloats needs FLOAT16 or FLOAT32, got " + type);
    }
    int[] chunk = chunkShape != null ? chunkShape : defaultChunk(shape, type);
    createDataset(path, type, shape, chunk, zstdLevel).append(data, 0, data.length);
  }

  /**
   * Checks every dataset received all its elements, writes the metadata, fsyncs and atomically
   * renames the temp file over the target. After an incomplete-dataset error the writer stays
   * usable; after an I/O error it is failed and only {@link #close()} remains.
   */
  public void commit() {
    checkWritable("/");
    for (ObjectTree.Dataset d : datasets) {
      DatasetStream s = d.stream;
      if (!s.complete()) {
        throw error(s.path, "received " + s.elementsWritten() + " of " + s.totalElements
            + " elements; commit needs every dataset complete");
      }
    }
    try {
      if (!tail.idle()) {
        throw new IllegalStateException("chunks still waiting for the file tail");
      }
      for (ObjectTree.Dataset d : datasets) {
        if (d.stream.index.assigned() != d.stream.chunkCount) {
          throw new IllegalStateException(d.stream.path + " has "
              + d.stream.index.assigned() + " of " + d.stream.chunkCount + " chunks");
        }
      }
      long rootAddress = MetadataWriter.write(tail, root);
      long endOfFile = tail.end();
      tail.flush();
      tail.overwrite(0, Hdf5Format.superblockV2(endOfFile, rootAddress));
      file.commit();
      state = State.COMMITTED;
      zstd.close();
    } catch (IOException e) {
      state = State.FAILED;
      file.close();
      zstd.close();
      throw new DataException(target + ": commit failed (" + AtomicFiles.describe(e) + ")", e);
    }
  }

  /** Without a successful {@link #commit()}: deletes the temp file; the target is untouched. */
  @Override
  public void close() {
    if (state == State.COMMITTED || state == State.CLOSED) {
      return; // the temp file is already the target, or already gone
    }
    state = State.CLOSED;
    file.close();
    zstd.close();
  }

  /** Whole trailing dimensions, as many rows as fit 1 MiB (at least one). */
  private static int[] defaultChunk(long[] shape, ElementType type) {
    long rowBytes = type.byteSize();
    for (int i = 1; i < shape.length; i++) {
      rowBytes *= Math.max(1, shape[i]);
    }
    int[] chunk = new int[shape.length];
    long rows = Math.max(1, Math.min(shape.length > 0 ? shape[0] : 1, (1L << 20) / rowBytes));
    if (shape.length > 0) {
      chunk[0] = (int) Math.min(rows, Integer.MAX_VALUE);
    }
    for (int i = 1; i < shape.length; i++) {
      chunk[i] = (int) Math.max(1, Math.min(shape[i], Integer.MAX_VALUE));
    }
    return chunk;
  }

  private List<String> names(String path) {
    try {
      return ObjectTree.split(path);
    } catch (IllegalArgumentException e) {
      throw error(String.valueOf(path), e.getMessage());
    }
  }

  private ObjectTree.Group group(List<String> names, boolean create, String path) {
    ObjectTree.Group group = root;
    for (int i = 0; i < names.size(); i++) {
      ObjectTree.Node child = group.children.get(names.get(i));
      if (child == null) {
        if (!create) {
          throw error(path, "no such group " + ObjectTree.join(names.subList(0, i + 1)));
        }
        child = new ObjectTree.Group();
        group.children.put(names.get(i), child);
      }
      if (!(child instanceof ObjectTree.Group g)) {
        throw error(path, ObjectTree.join(names.subList(0, i + 1)) + " is a dataset, not a group");
      }
      group = g;
    }
    return group;
  }

  private ObjectTree.Node node(List<String> names, String path) {
    if (names.isEmpty()) {
      return root;
    }
    ObjectTree.Group parent = group(names.subList(0, names.size() - 1), false, path);
    ObjectTree.Node node = parent.children.get(names.get(names.size() - 1));
    if (node == null) {
      throw error(path, "no such group or dataset");
    }
    return node;
  }

  private void checkWritable(String path) {
    switch (state) {
      case OPEN -> { }
      case COMMITTED -> throw error(path, "writer already committed");
      case CLOSED -> throw error(path, "writer closed");
      case FAILED -> throw error(path, "writer failed earlier; close it and start again");
    }
  }

  private DataException error(String path, String problem) {
    return new DataException(target + ": " + path + ": " + problem);
  }

  private final class StreamOwner implements DatasetStream.Owner {
    @Override
    public TailWriter tail() {
      return tail;
    }

    @Override
    public ZstdEncoder zstd() {
      return zstd;
    }

    @Override
    public void checkWritable(String path) {
      Hdf5Writer.this.checkWritable(path);
    }

    @Override
    public DataException failed(String path, IOException cause) {
      state = State.FAILED;
      return new DataException(target + ": " + path + ": write to " + file.path() + " failed ("
          + AtomicFiles.describe(cause) + ")", cause);
    }

    @Override
    public DataException error(String path, String problem) {
      return Hdf5Writer.this.error(path, problem);
    }
  }
}
