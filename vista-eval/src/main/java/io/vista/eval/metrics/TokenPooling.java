package io.vista.eval.metrics;

/**
 * Per-sample means over tokens, in float32 with numpy's order ({@code x.reshape(bs, T, w).mean(axis=1)} on a
 * float32 array): the T token rows of a sample are added one after another in float32, then divided by T. This
 * is evaluation.py's pooling of both the SAE activations and the raw latents.
 */
public final class TokenPooling {
  private TokenPooling() {}

  /**
   * Means over tokens of {@code samples} samples.
   *
   * @param src row-major {@code [samples * tokens, width]}, the tokens of a sample adjacent
   * @param dst receives {@code samples * width} values from {@code dstOffset}
   */
  public static void meanOverTokens(float[] src, int samples, int tokens, int width, float[] dst, int dstOffset) {
    if ((long) samples * tokens * width != src.length) {
      throw new IllegalArgumentException(src.length + " values are not " + samples + " x " + tokens + " x " + width);
    }
    if (tokens == 1) {
      System.arraycopy(src, 0, dst, dstOffset, src.length);
      return;
    }
    for (int s = 0; s < samples; s++) {
      int out = dstOffset + s * width;
      int first = s * tokens * width;
      System.arraycopy(src, first, dst, out, width);
      for (int t = 1; t < tokens; t++) {
        int row = first + t * width;
        for (int j = 0; j < width; j++) {
          dst[out + j] += src[row + j];
        }
      }
      for (int j = 0; j < width; j++) {
        dst[out + j] = NumpyFloat32.divide(dst[out + j], tokens);
      }
    }
  }
}
