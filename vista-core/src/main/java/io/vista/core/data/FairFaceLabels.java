package io.vista.core.data;

import java.util.List;
import java.util.Map;

/**
 * FairFace's label encoding as the Python pipeline writes it ({@code ve_latent_dataset.py}:
 * AGE_MAP, GENDER_MAP, RACE_MAP): class index to readable name, per attribute.
 */
public final class FairFaceLabels {
  /** Age bins, index 0..8. */
  public static final List<String> AGE =
      List.of("0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "more than 70");
  /** Gender, index 0..1. */
  public static final List<String> GENDER = List.of("Male", "Female");
  /** Race, index 0..6. */
  public static final List<String> RACE = List.of(
      "White", "Black", "Latino_Hispanic", "East Asian", "Southeast Asian", "Indian", "Middle Eastern");

  /** Class names by attribute key as stored under {@code labels/}. */
  public static final Map<String, List<String>> BY_ATTRIBUTE = Map.of("age", AGE, "gender", GENDER, "race", RACE);

  /** Class counts by attribute key: age 9, gender 2, race 7. */
  public static final Map<String, Integer> CLASS_COUNTS = Map.of("age", 9, "gender", 2, "race", 7);

  private FairFaceLabels() {}

  /**
   * The readable name of class {@code index} of {@code attribute}; the index itself as text when
   * the attribute is not a FairFace one or the index is beyond the known names.
   */
  public static String name(String attribute, int index) {
    List<String> names = BY_ATTRIBUTE.get(attribute);
    return names != null && index >= 0 && index < names.size() ? names.get(index) : Integer.toString(index);
  }
}
