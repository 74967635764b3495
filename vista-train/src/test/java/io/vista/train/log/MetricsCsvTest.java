package io.vista.train.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
  @Test
  void writesDeclaredColumnsWithBlanks(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.csv");
    try (MetricsCsv csv = new MetricsCsv(f, List.of("train/loss", "val/loss"), false)) {
      csv.log(10, 0, Map.of("train/loss", 0.5));
      csv.log(12, 0, Map.of("val/loss", 0.125));
    }
    assertEquals(List.of("step,epoch,train/loss,val/loss", "10,0,0.5,", "12,0,,0.125"), Files.readAllLines(f));
  }

  @Test
  void appendsWhenResumingWithSameHeader(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.csv");
    try (MetricsCsv csv = new MetricsCsv(f, List.of("a"), false)) {
      csv.log(1, 0, Map.of("a", 2.0));
    }
    try (MetricsCsv csv = new MetricsCsv(f, List.of("a"), true)) {
      csv.log(2, 1, Map.of("a", 3.0));
    }
    assertEquals(List.of("step,epoch,a", "1,0,2.0", "2,1,3.0"), Files.readAllLines(f));
  }

  @Test
  void rejectsUndeclaredMetric(@TempDir Path dir) {
    try (MetricsCsv csv = new MetricsCsv(dir.resolve("m.csv"), List.of("a"), false)) {
      assertThrows(IllegalArgumentException.class, () -> csv.log(1, 0, Map.of("b", 1.0)));
    }
  }
}
