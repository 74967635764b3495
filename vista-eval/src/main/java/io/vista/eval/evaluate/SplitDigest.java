package io.vista.eval.evaluate;

import io.vista.eval.stats.StratifiedSplit;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compact, checkable record of a train/test split for the metadata: the sizes and the SHA-256 of each index
 * array as little-endian int64 in scikit-learn's order -- in Python,
 * {@code hashlib.sha256(np.asarray(idx, dtype="<i8").tobytes()).hexdigest()} of {@code train_test_split}'s
 * indices gives the same digest.
 */
final class SplitDigest {
  private SplitDigest() {}

  static Map<String, Object> describe(StratifiedSplit.Split split) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_train", split.train().length);
    m.put("n_test", split.test().length);
    m.put("train_sha256", sha256(split.train()));
    m.put("test_sha256", sha256(split.test()));
    return m;
  }

  static String sha256(int[] indices) {
    ByteBuffer b = ByteBuffer.allocate(indices.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i : indices) {
      b.putLong(i);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
