package io.vista.core.data.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The generating model behind a demo file, as {@link DemoGenerator} also stores it under
 * {@code /ground_truth}. Arrays are copied in and out, so a truth is immutable.
 *
 * <p>Atom {@code i} fires in a token with probability {@code activeRate[i]} when its condition
 * holds for the token's sample and {@code baseRate[i]} otherwise; its condition is row {@code i} of
 * {@link #atomCondition()}: {@code (attribute, class, -1, -1)} for an attribute atom,
 * {@code (attributeA, classA, attributeB, classB)} for an intersectional atom (both must hold),
 * all -1 for a background atom (which always fires at its base rate).
 *
 * @param spec what was generated
 * @param atoms the dictionary, {@code atoms x dim}, unit-norm rows
 * @param offset added to every token
 * @param baseRate per-atom firing probability when its condition does not hold
 * @param activeRate per-atom firing probability when it holds (= base rate for background atoms)
 * @param atomAttribute {@link #NONE}, {@link #AGE}, {@link #GENDER}, {@link #RACE} or
 *     {@link #INTERSECTIONAL}
 * @param atomClass the class of an attribute atom, else -1
 * @param atomCondition {@code atoms x 4} conditions as described above
 * @param classPriors per attribute (age, gender, race) the class probabilities labels were drawn from
 */
public record DemoTruth(
    DemoSpec spec,
    float[][] atoms,
    float[] offset,
    float[] baseRate,
    float[] activeRate,
    int[] atomAttribute,
    int[] atomClass,
    int[][] atomCondition,
    double[][] classPriors) {

  public static final int NONE = -1;
  public static final int AGE = 0;
  public static final int GENDER = 1;
  public static final int RACE = 2;
  public static final int INTERSECTIONAL = 3;

  public DemoTruth {
    atoms = deepCopy(atoms);
    offset = offset.clone();
    baseRate = baseRate.clone();
    activeRate = activeRate.clone();
    atomAttribute = atomAttribute.clone();
    atomClass = atomClass.clone();
    atomCondition = deepCopy(atomCondition);
    classPriors = deepCopy(classPriors);
  }

  @Override
  public float[][] atoms() {
    return deepCopy(atoms);
  }

  @Override
  public float[] offset() {
    return offset.clone();
  }

  @Override
  public float[] baseRate() {
    return baseRate.clone();
  }

  @Override
  public float[] activeRate() {
    return activeRate.clone();
  }

  @Override
  public int[] atomAttribute() {
    return atomAttribute.clone();
  }

  @Override
  public int[] atomClass() {
    return atomClass.clone();
  }

  @Override
  public int[][] atomCondition() {
    return deepCopy(atomCondition);
  }

  @Override
  public double[][] classPriors() {
    return deepCopy(classPriors);
  }

  /** Indices of the attribute atoms planted for {@code attribute = cls}. */
  public List<Integer> attributeAtoms(int attribute, int cls) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < atomAttribute.length; i++) {
      if (atomAttribute[i] == attribute && atomClass[i] == cls) {
        out.add(i);
      }
    }
    return out;
  }

  /** Indices of the intersectional atoms. */
  public List<Integer> intersectionalAtoms() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < atomAttribute.length; i++) {
      if (atomAttribute[i] == INTERSECTIONAL) {
        out.add(i);
      }
    }
    return out;
  }

  /** True when atom {@code i}'s condition holds for labels {@code (age, gender, race)}. */
  public boolean conditionHolds(int i, int[] labels) {
    int[] c = atomCondition[i];
    if (c[0] < 0) {
      return false;
    }
    return labels[c[0]] == c[1] && (c[2] < 0 || labels[c[2]] == c[3]);
  }

  private static float[][] deepCopy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  private static int[][] deepCopy(int[][] a) {
    int[][] out = new int[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
