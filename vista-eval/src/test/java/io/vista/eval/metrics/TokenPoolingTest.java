package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class TokenPoolingTest {
  @Test
  void handComputed() {
    float[] src = {1, 2, 3, 4, /* sample 2 */ 0, 0, 1, 1};
    float[] dst = new float[5];
    TokenPooling.meanOverTokens(src, 2, 2, 2, dst, 1);
    assertArrayEquals(new float[] {0, 2, 3, 0.5f, 0.5f}, dst);
  }

  @Test
  void bitIdenticalToNumpyFloat32Means() {
    EncodeFixture fx = EncodeFixture.load("encode_3d");
    float[] expectedActs = MetricsFixtures.floats(fx.expected().get("acts_per_sample").getAsString());
    float[] expectedRaw = MetricsFixtures.floats(fx.expected().get("raw_pooled").getAsString());
    float[] acts = new float[fx.n() * fx.m()];
    float[] raw = new float[fx.n() * fx.d()];
    TokenPooling.meanOverTokens(fx.acts(), fx.n(), fx.tokens(), fx.m(), acts, 0);
    TokenPooling.meanOverTokens(fx.latents(), fx.n(), fx.tokens(), fx.d(), raw, 0);
    assertArrayEquals(expectedActs, acts);
    assertArrayEquals(expectedRaw, raw);
  }
}
