package io.vista.eval.intersectional;

/**
 * One intersectional class: an (age, gender, race) triple with enough samples.
 *
 * @param classId composite label (order of first appearance in the data, as VISTA's Counter)
 * @param age age label
 * @param gender gender label
 * @param race race label
 * @param name readable name such as {@code 20-29_Female_Black}
 * @param size number of samples
 */
public record Subgroup(int classId, int age, int gender, int race, String name, int size) {}
