package io.vista.eval.stats;

import io.vista.core.VistaException;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * scikit-learn 1.2.1's {@code train_test_split(..., test_size, random_state, stratify=labels)} reproduced index
 * for index: the sizes of {@code _validate_shuffle_split}, then one draw of {@code StratifiedShuffleSplit}
 * ({@code _approximate_mode} allocation per class with random tie-breaking, a permutation of each class's rows
 * in class order, then a permutation of the concatenated train and test lists), all from one
 * {@link NumpyRandomState} seeded with {@code random_state}.
 *
 * <p>The returned arrays are row indices into the labelled data, in the order in which scikit-learn returns the
 * rows ({@code X_train = X[train]}), so {@code train_test_split(X, y, ...)} and
 * {@code train_test_split(np.arange(n), ...)} both map onto them.
 */
public final class StratifiedSplit {
  private StratifiedSplit() {}

  /**
   * Row indices of one stratified split.
   *
   * @param train training rows in scikit-learn's order
   * @param test test rows in scikit-learn's order
   */
  public record Split(int[] train, int[] test) {}

  /** {@link #trainTestSplit(long[], double, long)} for int labels. */
  public static Split trainTestSplit(int[] labels, double testSize, long randomState) {
    return trainTestSplit(Arrays.stream(labels).asLongStream().toArray(), testSize, randomState);
  }

  /**
   * Stratified split with a fractional test size, as {@code train_test_split(..., test_size=testSize,
   * random_state=randomState, stratify=labels)}.
   *
   * @param labels one class label per row
   * @param testSize fraction in (0, 1); the test set gets {@code ceil(testSize * n)} rows
   * @param randomState the integer seed
   * @throws VistaException when the sizes are invalid or a class has fewer than two rows
   */
  public static Split trainTestSplit(long[] labels, double testSize, long randomState) {
    int n = labels.length;
    if (!(testSize > 0 && testSize < 1)) {
      throw new VistaException("test_size=" + testSize + " must be a fraction in the (0, 1) range");
    }
    int nTest = (int) Math.ceil(testSize * n);
    int nTrain = n - nTest;
    if (nTrain == 0) {
      throw new VistaException(
          "test_size=" + testSize + " leaves an empty train set for n_samples=" + n);
    }
    return stratifiedShuffleSplit(labels, nTrain, nTest, randomState);
  }

  /**
   * One draw of {@code StratifiedShuffleSplit(train_size=nTrain, test_size=nTest, random_state=randomState)}.
   */
  public static Split stratifiedShuffleSplit(long[] labels, int nTrain, int nTest, long randomState) {
    int n = labels.length;
    if (nTrain <= 0 || nTest <= 0 || nTrain + nTest > n) {
      throw new VistaException(
          "train size " + nTrain + " and test size " + nTest + " do not fit in " + n + " samples");
    }
    // np.unique(y, return_inverse=True): sorted classes, each row's class position.
    TreeMap<Long, Integer> classPos = new TreeMap<>();
    for (long label : labels) {
      classPos.put(label, 0);
    }
    long[] classes = new long[classPos.size()];
    int c = 0;
    for (var e : classPos.entrySet()) {
      classes[c] = e.getKey();
      e.setValue(c++);
    }
    int nClasses = classes.length;
    int[] counts = new int[nClasses];
    int[] yIdx = new int[n];
    for (int i = 0; i < n; i++) {
      yIdx[i] = classPos.get(labels[i]);
      counts[yIdx[i]]++;
    }
    for (int k = 0; k < nClasses; k++) {
      if (counts[k] < 2) {
        throw new VistaException(
            "stratify: class " + classes[k] + " has only " + counts[k]
                + " member, which is too few; every class needs at least 2");
      }
    }
    if (nTrain < nClasses) {
      throw new VistaException(
          "train size " + nTrain + " should be greater or equal to the number of classes " + nClasses);
    }
    if (nTest < nClasses) {
      throw new VistaException(
          "test size " + nTest + " should be greater or equal to the number of classes " + nClasses);
    }
    // Rows of each class in ascending order (a stable argsort of the class positions).
    int[][] classRows = new int[nClasses][];
    int[] fill = new int[nClasses];
    for (int k = 0; k < nClasses; k++) {
      classRows[k] = new int[counts[k]];
    }
    for (int i = 0; i < n; i++) {
      classRows[yIdx[i]][fill[yIdx[i]]++] = i;
    }

    NumpyRandomState rng = new NumpyRandomState(randomState);
    int[] trainPerClass = approximateMode(counts, nTrain, rng);
    int[] remaining = new int[nClasses];
    for (int k = 0; k < nClasses; k++) {
      remaining[k] = counts[k] - trainPerClass[k];
    }
    int[] testPerClass = approximateMode(remaining, nTest, rng);

    int[] train = new int[nTrain];
    int[] test = new int[nTest];
    int tr = 0;
    int te = 0;
    for (int k = 0; k < nClasses; k++) {
      int[] perm = rng.permutation(counts[k]);
      for (int j = 0; j < trainPerClass[k]; j++) {
        train[tr++] = classRows[k][perm[j]];
      }
      for (int j = trainPerClass[k]; j < trainPerClass[k] + testPerClass[k]; j++) {
        test[te++] = classRows[k][perm[j]];
      }
    }
    return new Split(rng.permutation(train), rng.permutation(test));
  }

  /**
   * scikit-learn's {@code _approximate_mode(class_counts, n_draws, rng)}: floor of the proportional allocation,
   * then the leftover draws go to the largest remainders, ties broken by {@code rng.choice(..., replace=False)}
   * (which permutes the whole tied group even when all of it is taken -- and so consumes draws).
   */
  static int[] approximateMode(int[] classCounts, int nDraws, NumpyRandomState rng) {
    int k = classCounts.length;
    long total = 0;
    for (int count : classCounts) {
      total += count;
    }
    double[] continuous = new double[k];
    double[] floored = new double[k];
    double flooredSum = 0;
    for (int i = 0; i < k; i++) {
      // Same operation order as numpy: (count / total) * n_draws in float64.
      continuous[i] = (double) classCounts[i] / (double) total * nDraws;
      floored[i] = Math.floor(continuous[i]);
      flooredSum += floored[i]; // integer-valued doubles: exact in any order
    }
    int needToAdd = (int) (nDraws - flooredSum);
    if (needToAdd > 0) {
      double[] remainder = new double[k];
      for (int i = 0; i < k; i++) {
        remainder[i] = continuous[i] - floored[i];
      }
      double[] values = Arrays.stream(remainder).distinct().sorted().toArray();
      for (int v = values.length - 1; v >= 0; v--) {
        double value = values[v];
        int[] inds = java.util.stream.IntStream.range(0, k).filter(i -> remainder[i] == value).toArray();
        int addNow = Math.min(inds.length, needToAdd);
        for (int chosen : rng.choiceWithoutReplacement(inds, addNow)) {
          floored[chosen] += 1;
        }
        needToAdd -= addNow;
        if (needToAdd == 0) {
          break;
        }
      }
    }
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = (int) floored[i];
    }
    return out;
  }

  /** Rows {@code idx} of the row-major matrix {@code x} with {@code cols} columns, in that order. */
  public static float[] selectRows(float[] x, int cols, int[] idx) {
    float[] out = new float[idx.length * cols];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(x, idx[i] * cols, out, i * cols, cols);
    }
    return out;
  }

  /** Entries {@code idx} of {@code y}, in that order. */
  public static int[] select(int[] y, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = y[idx[i]];
    }
    return out;
  }
}
