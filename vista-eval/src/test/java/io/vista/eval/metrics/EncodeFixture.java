package io.vista.eval.metrics;

import com.google.gson.JsonObject;

/** The encode_3d / encode_2d fixtures: latents, the per-row activations and reconstructions, batch size. */
record EncodeFixture(
    JsonObject expected, float[] latents, float[] acts, float[] recon, int n, int tokens, int d, int m,
    int batchSize) {

  static EncodeFixture load(String name) {
    JsonObject e = MetricsFixtures.json(name + ".expected.json");
    int[] shape = MetricsFixtures.ints(e.get("shape"));
    int tokens = shape.length == 3 ? shape[1] : 1;
    return new EncodeFixture(e,
        MetricsFixtures.floats(e.get("latents").getAsString()),
        MetricsFixtures.floats(e.get("acts").getAsString()),
        MetricsFixtures.floats(e.get("recon").getAsString()),
        shape[0], tokens, shape[shape.length - 1], e.get("features").getAsInt(),
        e.get("batch_size").getAsInt());
  }

  /** Rows [first, first + count) of a row-major array of the given width. */
  static float[] rows(float[] a, int width, int first, int count) {
    float[] out = new float[count * width];
    System.arraycopy(a, first * width, out, 0, out.length);
    return out;
  }
}
