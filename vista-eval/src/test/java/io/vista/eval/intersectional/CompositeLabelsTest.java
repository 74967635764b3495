package io.vista.eval.intersectional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import io.vista.core.VistaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeLabelsTest {
  @Test
  void classesInOrderOfFirstAppearanceAndRareOnesExcluded() {
    // triples: (3,1,1) x3 first seen at 0, (0,0,0) x1, (8,0,2) x2 first seen at 2
    int[] age = {3, 0, 8, 3, 8, 3};
    int[] gender = {1, 0, 0, 1, 0, 1};
    int[] race = {1, 0, 2, 1, 2, 1};
    CompositeLabels c = CompositeLabels.build(age, gender, race, 2);
    assertArrayEquals(new int[] {0, -1, 1, 0, 1, 0}, c.labels());
    assertEquals(
        List.of(
            new Subgroup(0, 3, 1, 1, "20-29_Female_Black", 3),
            new Subgroup(1, 8, 0, 2, "70+_Male_Latino/Hispanic", 2)),
        c.subgroups());
    assertEquals(1, c.excludedCount());
    assertEquals(5, c.validCount());
    assertArrayEquals(new int[] {0, 2, 3, 4, 5}, c.validRows());
  }

  @Test
  void namesAsVistaSpellsThem() {
    assertEquals("0-2_Male_White", DemographicNames.subgroup(0, 0, 0));
    assertEquals("40-49_Female_Southeast Asian", DemographicNames.subgroup(5, 1, 4));
    assertEquals("60-69_Male_Middle Eastern", DemographicNames.subgroup(7, 0, 6));
    assertEquals("9_2_7", DemographicNames.subgroup(9, 2, 7)); // unnamed values print as numbers
  }

  @Test
  void rareSubgroupsExcludedAsInVistasTest() {
    int[] age = new int[102];
    int[] gender = new int[102];
    int[] race = new int[102];
    for (int i = 50; i < 100; i++) {
      age[i] = 1;
    }
    age[100] = age[101] = 2;
    gender[100] = gender[101] = 1;
    int[] labels = CompositeLabels.build(age, gender, race, 10).labels();
    assertEquals(-1, labels[100]);
    assertEquals(-1, labels[101]);
    assertEquals(0, labels[0]);
    assertEquals(1, labels[50]);
  }

  @Test
  void matchesVistaOnTheFixture() {
    JsonObject fx = IntersectionalFixtures.load("pipeline_small_k.json");
    JsonObject l = fx.getAsJsonObject("labels");
    CompositeLabels c =
        CompositeLabels.build(
            IntersectionalFixtures.ints(l.get("age")), IntersectionalFixtures.ints(l.get("gender")), IntersectionalFixtures.ints(l.get("race")),
            fx.getAsJsonObject("params").get("min_subgroup_size").getAsInt());
    JsonObject expected = fx.getAsJsonObject("composite");
    assertArrayEquals(IntersectionalFixtures.ints(expected.get("labels")), c.labels());
    List<String> names = c.subgroups().stream().map(Subgroup::name).toList();
    assertEquals(
        expected.getAsJsonArray("names").asList().stream().map(e -> e.getAsString()).toList(), names);
    for (Subgroup s : c.subgroups()) {
      JsonObject m = expected.getAsJsonObject("mapping").getAsJsonObject(Integer.toString(s.classId()));
      assertEquals(m.get("age").getAsInt(), s.age());
      assertEquals(m.get("gender").getAsInt(), s.gender());
      assertEquals(m.get("race").getAsInt(), s.race());
    }
  }

  @Test
  void unequalLengthsAreRefused() {
    assertThrows(
        VistaException.class,
        () -> CompositeLabels.build(new int[3], new int[2], new int[3], 1));
  }
}
