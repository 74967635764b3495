package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** evaluation.py ranks with {@code np.argsort(x)[::-1]}: numpy's tie order, reversed. */
class ClassStatisticsOrderTest {
  @Test
  void descendingIsNumpysArgsortReversed() {
    assertArrayEquals(new int[] {2, 0, 3, 1, 4}, ClassStatistics.argsortDescending(new float[] {2, 1, 2, 1, 0}));
  }
}
