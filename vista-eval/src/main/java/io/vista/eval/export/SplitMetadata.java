package io.vista.eval.export;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.vista.core.data.DataException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code sae_latent_dataset.py} copies from an input file besides the features: root and split group
 * attributes, the split's {@code labels/*} vectors and {@code original_indices}, read with jHDF (the Zstd filter
 * is registered by vista-core). Works whether or not the split has an {@code encoded} dataset.
 */
final class SplitMetadata {
  private SplitMetadata() {}

  /** The splits present among {@code training} and {@code validation}, in that order. */
  static List<String> splits(Path file, List<String> wanted) {
    try (HdfFile hdf = new HdfFile(file)) {
      List<String> out = new ArrayList<>();
      for (String s : wanted) {
        Node n = hdf.getChildren().get(s);
        if (n != null && n.isGroup()) {
          out.add(s);
        }
      }
      return out;
    } catch (RuntimeException e) {
      throw new DataException(file + ": cannot list the splits (" + e.getMessage() + ")", e);
    }
  }

  /** Attributes of the object at {@code path} ("/" for the root) as strings, sorted by name. */
  static Map<String, String> attributes(Path file, String path) {
    try (HdfFile hdf = new HdfFile(file)) {
      Node node = path.equals("/") ? hdf : hdf.getByPath(path);
      Map<String, String> out = new TreeMap<>();
      for (Map.Entry<String, Attribute> e : node.getAttributes().entrySet()) {
        out.put(e.getKey(), text(e.getValue().getData()));
      }
      return out;
    } catch (RuntimeException e) {
      throw new DataException(file + ": " + path + " attributes cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The integer vectors to copy: {@code labels/<key>} for every label (sorted by name) and
   * {@code original_indices}, keyed by their path inside the split.
   */
  static Map<String, long[]> vectors(Path file, String split) {
    Map<String, long[]> out = new LinkedHashMap<>();
    try (HdfFile hdf = new HdfFile(file)) {
      Group group = (Group) hdf.getByPath("/" + split);
      Node labels = group.getChildren().get("labels");
      if (labels != null && labels.isGroup()) {
        for (String key : new TreeMap<>(((Group) labels).getChildren()).keySet()) {
          Node n = ((Group) labels).getChild(key);
          if (n instanceof Dataset ds) {
            out.put("labels/" + key, longs(file, ds));
          }
        }
      }
      Node orig = group.getChildren().get("original_indices");
      if (orig instanceof Dataset ds) {
        out.put("original_indices", longs(file, ds));
      }
      return out;
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataException(file + ": /" + split + " labels cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static long[] longs(Path file, Dataset ds) {
    if (ds.getDimensions().length != 1) {
      throw new DataException(file + ": " + ds.getPath() + " is not a vector (shape "
          + java.util.Arrays.toString(ds.getDimensions()) + ")");
    }
    if (ds.getSize() == 0) {
      return new long[0];
    }
    Object data = ds.getData();
    int n = Array.getLength(data);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      Object v = Array.get(data, i);
      if (!(v instanceof Number num) || v instanceof Float || v instanceof Double) {
        throw new DataException(file + ": " + ds.getPath() + " is not an integer vector");
      }
      out[i] = num.longValue();
    }
    return out;
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value.getClass().isArray()) {
      int n = Array.getLength(value);
      if (n == 1) {
        return text(Array.get(value, 0));
      }
      List<String> parts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        parts.add(text(Array.get(value, i)));
      }
      return parts.toString();
    }
    return value.toString();
  }
}
