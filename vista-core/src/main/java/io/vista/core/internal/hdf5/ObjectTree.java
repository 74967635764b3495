package io.vista.core.internal.hdf5;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The in-memory tree of groups and datasets the file will describe, with their attributes. */
final class ObjectTree {
  private ObjectTree() {}

  /** A group or a dataset: what a link can point to, and what can carry attributes. */
  abstract static sealed class Node permits Group, Dataset {
    /** String attributes by name, in the order they were first set. */
    final Map<String, String> attributes = new LinkedHashMap<>();
  }

  static final class Group extends Node {
    final Map<String, Node> children = new LinkedHashMap<>();
  }

  static final class Dataset extends Node {
    final DatasetStream stream;

    Dataset(DatasetStream stream) {
      this.stream = stream;
    }
  }

  /**
   * Splits "/a/b" or "a/b" into its names; "/" or "" is the root (no names). Empty, "." and ".."
   * names are refused.
   */
  static List<String> split(String path) {
    if (path == null) {
      throw new IllegalArgumentException("null path");
    }
    List<String> names = new ArrayList<>();
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.isEmpty()) {
      return names;
    }
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    for (String name : trimmed.split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("bad object path '" + path + "'");
      }
      names.add(name);
    }
    return names;
  }

  /** "/" + names joined by "/": the canonical spelling used in messages. */
  static String join(List<String> names) {
    return "/" + String.join("/", names);
  }
}
