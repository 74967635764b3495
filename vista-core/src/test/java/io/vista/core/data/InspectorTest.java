package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's facts come from h5py's view of the fixtures (expected.json, .bin dumps). */
class InspectorTest {
  @TempDir Path tmp;

  private static final Pattern STATS = Pattern.compile(
      "first (\\d+) chunks? \\((\\d+) samples, (\\d+) values\\): mean (\\S+)  std (\\S+)  min (\\S+)  max (\\S+)");

  static void contains(String report, String fragment) {
    assertTrue(report.contains(fragment), "report lacks '" + fragment + "':\n" + report);
  }

  @Test
  void describesTokenLevelFile() {
    String r = Inspector.describe(HdfFixtures.path("tokens_f16.h5"));
    contains(r, "attributes\n  dataset = fairface\n  model = PaliGemma2Adapter\n");
    contains(r, "split training\n");
    contains(r, "split validation\n");
    contains(r, "encoded           (40, 5, 8)  float16  chunks (16, 5, 8)  filters zstd(level=3)");
    contains(r, "encoded           (12, 5, 8)  float16  chunks (12, 5, 8)  filters zstd(level=3)");
    contains(r, "original_indices  (40,)  int64  chunks (40,)  filters zstd(level=3)");
    contains(r, "40 samples x 5 tokens x 8 features");
    for (String split : List.of("training", "validation")) {
      for (String key : List.of("age", "gender", "race")) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Long, Long> e : HdfFixtures.labelCounts("tokens_f16", split, key).entrySet()) {
          parts.add(e.getKey() + ": " + e.getValue());
        }
        contains(r, "classes {" + String.join(", ", parts) + "}");
      }
    }
    assertTrue(!r.contains("!"), "no warnings for a good file:\n" + r);
  }

  @Test
  void featureStatisticsMatchTheH5pyValues() {
    String r = Inspector.describe(HdfFixtures.path("tokens_f16.h5"));
    Matcher m = STATS.matcher(r);
    List<double[]> found = new ArrayList<>();
    while (m.find()) {
      found.add(new double[] {Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
          Double.parseDouble(m.group(7))});
    }
    assertEquals(2, found.size(), r);
    String[] splits = {"training", "validation"};
    for (int s = 0; s < 2; s++) {
      float[] x = HdfFixtures.features("tokens_f16", splits[s], "encoded"); // every chunk fits in the first 4
      double mean = 0;
      for (float v : x) {
        mean += v;
      }
      mean /= x.length;
      double var = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (float v : x) {
        var += (v - mean) * (v - mean);
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double std = Math.sqrt(var / x.length);
      double[] got = found.get(s);
      assertEquals(x.length, got[2]);
      assertEquals(mean, got[3], 1e-5 * Math.max(1, Math.abs(mean)) + 1e-4 * std);
      assertEquals(std, got[4], 1e-4 * std);
      assertEquals(min, got[5], 1e-5 * Math.abs(min));
      assertEquals(max, got[6], 1e-5 * Math.abs(max));
    }
  }

  @Test
  void reportsProblemsInlineAndCarriesOn() {
    String r = Inspector.describe(HdfFixtures.path("bad_label_range.h5"));
    contains(r, "classes {-1: 1, 0: 5, 1: 4}");
    contains(r, "! " + HdfFixtures.path("bad_label_range.h5") + ": /training/labels/race has value 7 at sample 6");
    r = Inspector.describe(HdfFixtures.path("bad_label_length.h5"));
    contains(r, "/training/labels/age has 9 values but /training/encoded has 10 samples");
    r = Inspector.describe(HdfFixtures.path("bad_filter.h5"));
    contains(r, "filters filter 32099 'vista test filter nobody can decode'[7]");
    contains(r, "uses HDF5 filter id 32099");
    contains(r, "classes {"); // the labels are still described
    r = Inspector.describe(HdfFixtures.path("bad_nan.h5"));
    contains(r, "! 1 NaN/Inf");
    r = Inspector.describe(HdfFixtures.path("bad_chunk.h5"));
    contains(r, "/training/encoded chunk 1 (samples 16..31): corrupt zstd chunk");
    contains(r, "first 1 chunk (12 samples, 480 values)"); // validation is fine
  }

  @Test
  void describesAggregatedAndContiguousLayouts() {
    String r = Inspector.describe(HdfFixtures.path("sae_agg.h5"));
    contains(r, "data/max          (18, 12)  float16  chunks (8, 12)  filters zstd(level=3)");
    contains(r, "data/mean         (18, 12)  float16  chunks (8, 12)  filters zstd(level=3)");
    contains(r, "18 samples x 12 features");
    r = Inspector.describe(HdfFixtures.path("tokens_f32.h5"));
    contains(r, "encoded  (7, 3, 4)  float32  contiguous  filters none  stored 336 B");
    r = Inspector.describe(HdfFixtures.path("pooled_f16.h5"));
    contains(r, "filters shuffle > zstd(level=3)");
  }

  @Test
  void unopenableFileIsADataException() {
    assertThrows(DataException.class, () -> Inspector.describe(tmp.resolve("missing.h5")));
  }
}
