package io.vista.eval.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import org.junit.jupiter.api.Test;

/** Index-for-index agreement with scikit-learn 1.2.1's stratified train_test_split. */
class StratifiedSplitTest {
  private static final JsonObject FIX = StatsFixtures.load("stratified_split.json");

  @Test
  void matchesScikitLearnIndexForIndex() {
    int checked = 0;
    for (JsonElement e : FIX.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("name").getAsString();
      StratifiedSplit.Split s = StratifiedSplit.trainTestSplit(
          StatsFixtures.longs(c.get("labels")), c.get("test_size").getAsDouble(), c.get("seed").getAsLong());
      assertArrayEquals(StatsFixtures.ints(c.get("train")), s.train(), name + " train");
      assertArrayEquals(StatsFixtures.ints(c.get("test")), s.test(), name + " test");
      checked++;
    }
    assertEquals(8, checked);
  }

  @Test
  void intLabelsGiveTheSameSplitAsLongLabels() {
    int[] labels = new int[60];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (i * 7) % 4;
    }
    StratifiedSplit.Split a = StratifiedSplit.trainTestSplit(labels, 0.2, 42);
    StratifiedSplit.Split b =
        StratifiedSplit.trainTestSplit(java.util.Arrays.stream(labels).asLongStream().toArray(), 0.2, 42);
    assertArrayEquals(a.train(), b.train());
    assertArrayEquals(a.test(), b.test());
    assertEquals(48, a.train().length);
    assertEquals(12, a.test().length);
  }

  @Test
  void singletonClassIsNamedInTheError() {
    long[] labels = {0, 0, 0, 1, 1, 1, 9, 0, 1, 0};
    VistaException e = assertThrows(VistaException.class, () -> StratifiedSplit.trainTestSplit(labels, 0.2, 42));
    assertTrue(e.getMessage().contains("class 9"), e.getMessage());
  }

  @Test
  void tooFewTestRowsForTheClassesIsRejected() {
    long[] labels = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
    VistaException e = assertThrows(VistaException.class, () -> StratifiedSplit.trainTestSplit(labels, 0.2, 42));
    assertTrue(e.getMessage().contains("number of classes 5"), e.getMessage());
  }

  @Test
  void badFractionIsRejected() {
    long[] labels = {0, 0, 1, 1};
    assertThrows(VistaException.class, () -> StratifiedSplit.trainTestSplit(labels, 1.0, 42));
    assertThrows(VistaException.class, () -> StratifiedSplit.trainTestSplit(labels, 0.0, 42));
  }
}
