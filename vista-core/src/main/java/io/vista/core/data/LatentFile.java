package io.vista.core.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A VISTA-format HDF5 latent file opened for reading: root attributes {@code model} and
 * {@code dataset}, and one group per split ({@code training}, {@code validation}) holding a
 * feature dataset ({@code encoded}, {@code data}, {@code data/mean} or {@code data/max}), a
 * {@code labels} group and {@code original_indices}, as the Python pipeline writes them
 * ({@code src/setup_datasets/ve_latent_dataset.py}, {@code sae_latent_dataset.py}).
 *
 * <p>Every problem surfaces as a one-line {@link DataException} naming this file and the path
 * inside it. Closing the file first closes the {@link BatchIterator}s still reading from it.
 */
public final class LatentFile implements AutoCloseable {
  /** The feature keys the pipeline writes, in the order they are suggested when one is missing. */
  public static final List<String> FEATURE_KEYS = List.of("encoded", "data", "data/mean", "data/max");

  private final Path path;
  private final HdfFile hdf;
  private final Set<BatchIterator> openIterators = ConcurrentHashMap.newKeySet();

  private LatentFile(Path path, HdfFile hdf) {
    this.path = path;
    this.hdf = hdf;
  }

  /**
   * Opens {@code path} and reads its root group, so a missing, foreign or badly truncated file
   * fails here rather than at the first batch.
   */
  public static LatentFile open(Path path) {
    if (!Files.exists(path)) {
      throw new DataException(path + ": no such file");
    }
    if (!Files.isRegularFile(path)) {
      throw new DataException(path + ": not a regular file");
    }
    HdfFile hdf;
    try {
      hdf = new HdfFile(path);
    } catch (RuntimeException e) {
      throw Errors.wrap(path + ": not a readable HDF5 file", e);
    }
    LatentFile file = new LatentFile(path, hdf);
    try {
      file.checkNotTruncated();
      hdf.getChildren().size(); // reads the root group's links: truncation shows here
      hdf.getAttributes().size();
    } catch (DataException e) {
      file.closeQuietly();
      throw e;
    } catch (RuntimeException e) {
      file.closeQuietly();
      throw Errors.wrap(path + ": root group cannot be read (truncated or corrupted file?)", e);
    }
    return file;
  }

  /** The superblock records where the file ends: a shorter file was cut (copy or write aborted). */
  private void checkNotTruncated() {
    long end = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
    long base = hdf.getUserBlockSize();
    long size;
    try {
      size = Files.size(path);
    } catch (java.io.IOException e) {
      throw Errors.wrap(path + ": size cannot be read", e);
    }
    if (end > 0 && size < base + end) {
      throw new DataException(path + ": truncated: the file has " + size
          + " bytes but its HDF5 superblock says " + (base + end));
    }
  }

  /** The path this file was opened from. */
  public Path path() {
    return path;
  }

  /**
   * The root attributes as strings, sorted by name (h5py's variable-length UTF-8 strings come
   * back as they were written; numbers and arrays are printed).
   */
  public Map<String, String> attributes() {
    try {
      Map<String, String> out = new TreeMap<>();
      for (Map.Entry<String, Attribute> e : hdf.getAttributes().entrySet()) {
        out.put(e.getKey(), attributeToString(e.getValue().getData()));
      }
      return Collections.unmodifiableMap(out);
    } catch (RuntimeException e) {
      throw Errors.wrap(path + ": root attributes cannot be read", e);
    }
  }

  /** The names of the root groups (the splits), sorted. */
  public List<String> splitNames() {
    return childGroups(hdf, "/");
  }

  /**
   * A view of one split's features and labels.
   *
   * @param splitName a root group, e.g. {@code training}
   * @param featureKey the feature dataset inside it: {@code encoded}, {@code data},
   *     {@code data/mean} or {@code data/max}
   * @throws DataException if the split or dataset is missing (naming what is there), or the
   *     dataset is not a float16/float32 array of rank 2 or 3, or uses a filter no reader has
   */
  public LatentSplit split(String splitName, String featureKey) {
    Group group = requireSplit(splitName);
    Dataset features = requireFeatures(group, splitName, featureKey);
    return new LatentSplit(this, group, splitName, featureKey, features);
  }

  /** Closes iterators still reading from this file, then the file. */
  @Override
  public void close() {
    for (BatchIterator it : List.copyOf(openIterators)) {
      it.close();
    }
    try {
      hdf.close();
    } catch (RuntimeException e) {
      throw Errors.wrap(path + ": cannot be closed", e);
    }
  }

  @Override
  public String toString() {
    return "LatentFile[" + path + "]";
  }

  // ---- package-private helpers shared with LatentSplit, BatchIterator and Inspector ----

  HdfFile hdf() {
    return hdf;
  }

  void register(BatchIterator it) {
    openIterators.add(it);
  }

  void unregister(BatchIterator it) {
    openIterators.remove(it);
  }

  /** {@code file: /path} for messages. */
  String where(String hdfPath) {
    return path + ": " + hdfPath;
  }

  Group requireSplit(String splitName) {
    Node node;
    try {
      node = hdf.getChildren().get(splitName);
    } catch (RuntimeException e) {
      throw Errors.wrap(path + ": root group cannot be read", e);
    }
    if (node == null || !node.isGroup()) {
      throw new DataException(
          path + ": no split group /" + splitName + " (available: " + join(splitNames()) + ")");
    }
    return (Group) node;
  }

  private Dataset requireFeatures(Group group, String splitName, String featureKey) {
    String fullPath = "/" + splitName + "/" + featureKey;
    Node node = findNode(group, featureKey);
    if (node == null || node.isGroup() || !(node instanceof Dataset)) {
      List<String> available = new ArrayList<>();
      for (String key : datasetPaths(group, "")) {
        if (!key.startsWith("labels/") && !key.equals("original_indices")) {
          available.add(key);
        }
      }
      throw new DataException(
          path + ": no feature dataset " + fullPath + " (feature datasets in /" + splitName + ": "
              + join(available) + ")");
    }
    return (Dataset) node;
  }

  /** The node at a relative path such as {@code data/mean}, or null. */
  Node findNode(Group group, String relativePath) {
    try {
      Group current = group;
      String[] parts = relativePath.split("/");
      for (int i = 0; i < parts.length; i++) {
        Node child = current.getChildren().get(parts[i]);
        if (child == null) {
          return null;
        }
        if (i == parts.length - 1) {
          return child;
        }
        if (!child.isGroup()) {
          return null;
        }
        current = (Group) child;
      }
      return current;
    } catch (RuntimeException e) {
      throw Errors.wrap(where(group.getPath() + relativePath)
          + " cannot be read (truncated or corrupted file?)", e);
    }
  }

  /** Relative paths of every dataset below {@code group}, sorted. */
  List<String> datasetPaths(Group group, String prefix) {
    List<String> out = new ArrayList<>();
    Map<String, Node> children;
    try {
      children = new TreeMap<>(group.getChildren());
    } catch (RuntimeException e) {
      throw Errors.wrap(where(group.getPath()), e);
    }
    for (Map.Entry<String, Node> e : children.entrySet()) {
      if (e.getValue().isGroup()) {
        out.addAll(datasetPaths((Group) e.getValue(), prefix + e.getKey() + "/"));
      } else if (e.getValue() instanceof Dataset) {
        out.add(prefix + e.getKey());
      }
    }
    return out;
  }

  List<String> childGroups(Group group, String where) {
    try {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, Node> e : group.getChildren().entrySet()) {
        if (e.getValue().isGroup()) {
          out.add(e.getKey());
        }
      }
      Collections.sort(out);
      return Collections.unmodifiableList(out);
    } catch (RuntimeException e) {
      throw Errors.wrap(where(where), e);
    }
  }

  static String join(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  static String attributeToString(Object value) {
    if (value == null) {
      return "";
    }
    if (value.getClass().isArray()) {
      int n = Array.getLength(value);
      if (n == 1) {
        return attributeToString(Array.get(value, 0));
      }
      List<String> parts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        parts.add(attributeToString(Array.get(value, i)));
      }
      return parts.toString();
    }
    return value.toString();
  }

  private void closeQuietly() {
    try {
      hdf.close();
    } catch (RuntimeException ignored) {
      // already failing with a better message
    }
  }
}
