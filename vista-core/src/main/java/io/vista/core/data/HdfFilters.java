package io.vista.core.data;

import io.jhdf.AbstractNode;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Dataset;
import io.jhdf.filter.FilterManager;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a dataset's filter pipeline straight from its object header, so that filters can be
 * named (with their parameters) and a missing one reported by id before jHDF tries to use it.
 */
final class HdfFilters {
  private HdfFilters() {}

  /** The dataset's filters in pipeline (encoding) order; empty if it has none. */
  static List<FilterInfo> of(Dataset dataset) {
    if (!(dataset instanceof AbstractNode node)) {
      return List.of();
    }
    ObjectHeader header = node.getHeader();
    if (!header.hasMessageOfType(FilterPipelineMessage.class)) {
      return List.of();
    }
    return header.getMessageOfType(FilterPipelineMessage.class).getFilters();
  }

  /** Human-readable names, e.g. {@code zstd(level=3)}, {@code shuffle}, {@code deflate(level=4)}. */
  static List<String> describe(List<FilterInfo> filters) {
    List<String> out = new ArrayList<>(filters.size());
    for (FilterInfo f : filters) {
      out.add(describe(f));
    }
    return List.copyOf(out);
  }

  static String describe(FilterInfo f) {
    int[] data = f.getData();
    switch (f.getId()) {
      case 1:
        return data.length > 0 ? "deflate(level=" + data[0] + ")" : "deflate";
      case 2:
        return "shuffle";
      case 3:
        return "fletcher32";
      case ZstdFilter.ID:
        return data.length > 0 ? "zstd(level=" + data[0] + ")" : "zstd";
      case 32000:
        return "lzf";
      case 32004:
        return "lz4";
      case 32008:
        return "bitshuffle";
      default:
        return "filter " + f.getId() + " '" + f.getName() + "'" + (data.length > 0 ? Arrays.toString(data) : "");
    }
  }

  /** The first filter that no registered jHDF filter can decode, or null if all can. */
  static FilterInfo firstUnavailable(List<FilterInfo> filters) {
    for (FilterInfo f : filters) {
      try {
        FilterManager.getPipeline(List.of(f));
      } catch (RuntimeException e) {
        return f;
      }
    }
    return null;
  }
}
