package io.vista.train.log;

import io.vista.core.train.MetricsSink;

import io.vista.core.VistaException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code metrics.csv}: one row per logging event with columns {@code step,epoch} followed by every
 * metric the run declares, blank where a row does not carry a metric (training rows have no
 * {@code val/...} values and the other way round), like Lightning's CSVLogger.
 */
public final class MetricsCsv implements MetricsSink {
  private final Path file;
  private final List<String> columns;
  private final BufferedWriter out;

  /**
   * Opens {@code file}; when {@code append} is set and the file exists with the same header (a
   * resumed run), rows are appended, otherwise it is written afresh.
   */
  public MetricsCsv(Path file, List<String> metricColumns, boolean append) {
    this.file = file;
    this.columns = List.copyOf(metricColumns);
    String header = "step,epoch," + String.join(",", columns);
    try {
      boolean keep = append && Files.exists(file) && header.equals(firstLine(file));
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          keep ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      if (!keep) {
        out.write(header);
        out.newLine();
      }
    } catch (IOException e) {
      throw new VistaException(file + ": cannot write metrics: " + e.getMessage(), e);
    }
  }

  private static String firstLine(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.findFirst().orElse("");
    }
  }

  @Override
  public void log(long step, int epoch, Map<String, Double> metrics) {
    for (String name : metrics.keySet()) {
      if (!columns.contains(name)) {
        throw new IllegalArgumentException("metric '" + name + "' is not a declared column of " + file);
      }
    }
    List<String> cells = new ArrayList<>(columns.size() + 2);
    cells.add(Long.toString(step));
    cells.add(Integer.toString(epoch));
    for (String column : columns) {
      Double v = metrics.get(column);
      cells.add(v == null ? "" : format(v));
    }
    try {
      out.write(String.join(",", cells));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write metrics", e);
    }
  }

  private static String format(double v) {
    // Round-trippable and locale-independent.
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return Double.toString(v);
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write metrics", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write metrics", e);
    }
  }
}
