package io.vista.eval.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vista.eval.stats.StratifiedSplit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitDigestTest {
  @Test
  void matchesPythonHashlibOfInt64Indices() {
    // hashlib.sha256(np.asarray([3, 1, 2], dtype="<i8").tobytes()).hexdigest()
    assertEquals("7c4cec7a82e1aa578a08e41043044a9bfed3839e107aef17f4bf292878784259",
        SplitDigest.sha256(new int[] {3, 1, 2}));
    Map<String, Object> d = SplitDigest.describe(new StratifiedSplit.Split(new int[] {3, 1, 2}, new int[] {0}));
    assertEquals(3, d.get("n_train"));
    assertEquals(1, d.get("n_test"));
  }
}
