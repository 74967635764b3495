package io.vista.eval.stats;

import io.vista.core.classification.ClassificationMetrics;
import io.vista.core.classification.ClassificationReport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** classification_report(output_dict=True), accuracy, macro F1 and confusion matrices against scikit-learn 1.2.1. */
class ClassificationReportTest {
  private static final JsonObject FIX = StatsFixtures.load("classification_report.json");

  private static ClassificationReport reportOf(JsonObject c) {
    int[] labels = c.get("labels").isJsonNull() ? null : StatsFixtures.ints(c.get("labels"));
    List<String> names = null;
    if (!c.get("target_names").isJsonNull()) {
      names = new ArrayList<>();
      for (JsonElement e : c.getAsJsonArray("target_names")) {
        names.add(e.getAsString());
      }
    }
    JsonElement zd = c.get("zero_division");
    double zeroDivision = zd.getAsJsonPrimitive().isString() ? 0.0 : zd.getAsDouble();
    return ClassificationReport.of(StatsFixtures.ints(c.get("y_true")), StatsFixtures.ints(c.get("y_pred")), labels, names,
        zeroDivision);
  }

  @SuppressWarnings("unchecked")
  private static void assertSameDict(JsonObject expected, Map<String, Object> got, String where) {
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(got.keySet()), where + " keys in order");
    for (String key : expected.keySet()) {
      JsonElement e = expected.get(key);
      Object g = got.get(key);
      if (e.isJsonObject()) {
        assertSameDict(e.getAsJsonObject(), (Map<String, Object>) g, where + "/" + key);
      } else if (key.equals("support")) {
        assertEquals(e.getAsLong(), (Long) g, where + "/support");
      } else {
        // Bit for bit: numpy's pairwise summation is reproduced for the averages.
        assertEquals(e.getAsDouble(), (Double) g, 0.0, where + "/" + key);
      }
    }
  }

  @Test
  void reportDictionariesMatchScikitLearn() {
    int n = 0;
    for (JsonElement e : FIX.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      assertSameDict(c.getAsJsonObject("report"), reportOf(c).toMap(), c.get("name").getAsString());
      n++;
    }
    assertEquals(7, n);
  }

  @Test
  void accuracyMacroF1AndConfusionMatrixMatchScikitLearn() {
    for (JsonElement e : FIX.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("name").getAsString();
      int[] yt = StatsFixtures.ints(c.get("y_true"));
      int[] yp = StatsFixtures.ints(c.get("y_pred"));
      assertEquals(c.get("accuracy").getAsDouble(), ClassificationMetrics.accuracy(yt, yp), 0.0, name);
      assertEquals(c.get("macro_f1").getAsDouble(), ClassificationMetrics.macroF1(yt, yp), 0.0, name);
      assertArrayEquals(StatsFixtures.ints(c.get("confusion_labels")), ClassificationMetrics.uniqueLabels(yt, yp), name);
      long[][] cm = ClassificationMetrics.confusionMatrix(yt, yp);
      JsonElement expected = c.get("confusion");
      for (int i = 0; i < cm.length; i++) {
        assertArrayEquals(StatsFixtures.longs(expected.getAsJsonArray().get(i)), cm[i], name + " row " + i);
      }
    }
  }

  @Test
  void handComputedSmallReport() {
    // y_true 0,0,1,1,2 ; y_pred 0,1,1,1,0: class 0 p=1/2 r=1/2, class 1 p=2/3 r=1, class 2 p=0 (no predictions) r=0.
    ClassificationReport r = ClassificationReport.of(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 0});
    assertEquals(0.5, r.rows().get(0).precision());
    assertEquals(2.0 / 3, r.rows().get(1).precision(), 1e-15);
    assertEquals(0.8, r.rows().get(1).f1(), 1e-15);
    assertEquals(0.0, r.rows().get(2).precision());
    assertEquals(0.6, r.accuracy(), 1e-15);
    assertNull(r.microAverage());
    assertEquals((0.5 + 0.8 + 0.0) / 3, r.macroAverage().f1(), 1e-15);
    assertEquals((0.5 * 2 + 0.8 * 2) / 5, r.weightedAverage().f1(), 1e-15);
    assertEquals(5, r.weightedAverage().support());
  }

  @Test
  void rejectsMismatchedInput() {
    assertThrows(VistaException.class, () -> ClassificationMetrics.accuracy(new int[] {1}, new int[] {1, 2}));
    assertThrows(VistaException.class, () -> ClassificationReport.of(new int[] {1, 2}, new int[] {1, 2}, List.of("a")));
    assertThrows(VistaException.class,
        () -> ClassificationReport.of(new int[] {1, 2}, new int[] {1, 2}, null, null, 0.5));
  }
}
