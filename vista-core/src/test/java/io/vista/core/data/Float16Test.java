package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Checks against the definition of binary16 (value = (-1)^s 2^(e-15) (1 + m/1024)), computed in
 * exact decimal arithmetic, not against the converter's own tables.
 */
class Float16Test {
  @Test
  void decodesKnownPatterns() {
    assertEquals(1.0f, Float16.toFloat((short) 0x3C00));
    assertEquals(-2.0f, Float16.toFloat((short) 0xC000));
    assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
    assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
    assertEquals(0x1p-14f, Float16.toFloat((short) 0x0400));
    assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7C00));
    assertTrue(Float.isNaN(Float16.toFloat((short) 0x7E00)));
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Float16.toFloat((short) 0x8000)));
  }

  @Test
  void everyHalfRoundTrips() {
    for (int h = 0; h < 65536; h++) {
      float f = Float16.toFloat((short) h);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
      } else {
        assertEquals(h, Float16.fromFloat(f) & 0xFFFF, "pattern " + Integer.toHexString(h));
      }
    }
  }

  @Test
  void roundsToNearestEvenAgainstExactArithmetic() {
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 200_000; i++) {
      float x = (float) ((rnd.nextDouble() * 2 - 1) * Math.pow(2, rnd.nextInt(40) - 26));
      short h = Float16.fromFloat(x);
      float got = Float16.toFloat(h);
      if (Math.abs(x) >= 65520f) {
        assertTrue(Float.isInfinite(got));
        continue;
      }
      // No other half may be strictly closer; on a tie the chosen one has an even mantissa.
      BigDecimal exact = new BigDecimal(x);
      BigDecimal err = exact.subtract(new BigDecimal(got)).abs();
      for (int delta : new int[] {-1, 1}) {
        int neighbour = (h & 0xFFFF) + delta;
        if ((neighbour & 0x7FFF) >= 0x7C00 || neighbour < 0 || neighbour > 0xFFFF) {
          continue;
        }
        BigDecimal other = exact.subtract(new BigDecimal(Float16.toFloat((short) neighbour))).abs();
        int cmp = err.compareTo(other);
        assertTrue(cmp < 0 || (cmp == 0 && (h & 1) == 0), "x=" + x + " h=" + Integer.toHexString(h));
      }
    }
  }
}
