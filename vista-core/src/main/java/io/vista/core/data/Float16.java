package io.vista.core.data;

/**
 * IEEE 754 binary16 ("float16", numpy's {@code np.float16}) conversions. Java 17 has no
 * {@code Float.float16ToFloat}; the Python pipeline stores every latent as float16, so both
 * directions sit on the hot path of reading and writing.
 */
public final class Float16 {
  /** All 65536 half values decoded once: decoding is then one array load per element. */
  private static final float[] DECODED = new float[1 << 16];

  static {
    for (int h = 0; h < DECODED.length; h++) {
      DECODED[h] = decodeSlow((short) h);
    }
  }

  private Float16() {}

  /** The float32 value of a float16 bit pattern (exact: every half is a float). */
  public static float toFloat(short half) {
    return DECODED[half & 0xFFFF];
  }

  /**
   * The float16 bit pattern nearest to {@code value}, ties to even, as numpy's
   * {@code astype(np.float16)}: overflow gives infinity, NaN stays NaN, tiny values become
   * subnormals or signed zero.
   */
  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) { // Inf or NaN; keep NaN quiet and non-zero
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15; // re-biased exponent
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00); // overflow to infinity
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign; // below half the smallest subnormal: signed zero
      }
      // Subnormal: shift the full 24-bit significand right, then round to nearest even.
      int significand = mant | 0x800000;
      int shift = 14 - e;
      int half = significand >>> shift;
      int rest = significand & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rest > halfway || (rest == halfway && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rest = mant & 0x1FFF;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
      half++; // may carry into the exponent, and up to infinity: both are the right answer
    }
    return (short) (sign | half);
  }

  private static float decodeSlow(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float magnitude = mant * 0x1p-24f; // subnormal (or zero): mant * 2^-24, exact
      return sign != 0 ? -magnitude : magnitude;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
