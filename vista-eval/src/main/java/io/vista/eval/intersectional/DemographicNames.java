package io.vista.eval.intersectional;

import java.util.List;

/**
 * FairFace label names as VISTA spells them ({@code AGE_NAMES}, {@code GENDER_NAMES},
 * {@code RACE_NAMES} in {@code src/vlm_generate.py}); a value without a name prints as its number.
 */
public final class DemographicNames {
  /** Age bins 0..8. */
  public static final List<String> AGE =
      List.of("0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70+");
  /** Gender 0..1. */
  public static final List<String> GENDER = List.of("Male", "Female");
  /** Race 0..6. */
  public static final List<String> RACE =
      List.of(
          "White",
          "Black",
          "Latino/Hispanic",
          "East Asian",
          "Southeast Asian",
          "Indian",
          "Middle Eastern");

  private DemographicNames() {}

  /** VISTA's subgroup name {@code "<age>_<gender>_<race>"}, e.g. {@code 20-29_Female_Black}. */
  public static String subgroup(int age, int gender, int race) {
    return name(AGE, age) + "_" + name(GENDER, gender) + "_" + name(RACE, race);
  }

  private static String name(List<String> names, int value) {
    return value >= 0 && value < names.size() ? names.get(value) : Integer.toString(value);
  }
}
