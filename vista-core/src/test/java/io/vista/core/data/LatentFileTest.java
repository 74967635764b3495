package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reads every fixture written by h5py and compares with what h5py read back, bit for bit. */
class LatentFileTest {

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "tokens_f16, training, encoded",
    "tokens_f16, validation, encoded",
    "pooled_f16, training, encoded",
    "pooled_f16, validation, encoded",
    "tokens_f32, training, encoded",
    "tokens_f32, validation, encoded",
    "sae_latent, training, data",
    "sae_latent, validation, data",
    "sae_agg, training, data/mean",
    "sae_agg, training, data/max",
    "sae_agg, validation, data/mean",
    "sae_agg, validation, data/max",
    "bigendian, training, encoded",
    "bigendian, validation, encoded",
  })
  void featuresEqualH5pyBitForBit(String fixture, String splitName, String key) {
    float[] expected = HdfFixtures.features(fixture, splitName, key);
    int[] shape = HdfFixtures.shape(fixture, splitName, key);
    try (LatentFile file = LatentFile.open(HdfFixtures.path(fixture + ".h5"))) {
      LatentSplit split = file.split(splitName, key);
      assertEquals(shape[0], split.numSamples());
      assertEquals(shape.length == 3, split.tokenLevel());
      assertEquals(shape.length == 3 ? shape[1] : 1, split.tokensPerSample());
      assertEquals(shape[shape.length - 1], split.dim());
      float[] all = split.read(0, shape[0]);
      assertBitsEqual(expected, all, 0);

      // Unaligned reads crossing chunk borders, one sample at a time, and empty reads.
      int per = split.tokensPerSample() * split.dim();
      for (int first = 0; first < shape[0]; first += 3) {
        int count = Math.min(7, shape[0] - first);
        assertBitsEqual(slice(expected, first * per, count * per), split.read(first, count), first);
      }
      assertEquals(0, split.read(shape[0], 0).length);
    }
  }

  @Test
  void specialFloat16ValuesSurviveExactly() {
    // make_fixtures.py puts zeros, subnormals, +-65504 and rounding cases at elements 3.. of sample 0.
    float[] specials = {0f, -0f, 0x1p-24f, -0x1p-24f, 0x1p-14f - 0x1p-24f, 0x1p-14f, 65504f, -65504f,
        1f, -1f, 0.0999755859375f, 0.333251953125f, 1024.0f, 2048.0f, 1.0013580322265625E-5f, -7.25f};
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      float[] sample0 = file.split("training", "encoded").read(0, 1);
      for (int i = 0; i < specials.length; i++) {
        assertEquals(Float.floatToRawIntBits(specials[i]), Float.floatToRawIntBits(sample0[3 + i]),
            "element " + (3 + i) + ": " + specials[i] + " vs " + sample0[3 + i]);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"tokens_f16, encoded", "pooled_f16, encoded", "sae_latent, data", "sae_agg, data/mean"})
  void labelsAndOriginalIndicesEqualH5py(String fixture, String key) {
    try (LatentFile file = LatentFile.open(HdfFixtures.path(fixture + ".h5"))) {
      for (String splitName : List.of("training", "validation")) {
        LatentSplit split = file.split(splitName, key);
        assertEquals(List.of("age", "gender", "race"), split.labelKeys());
        for (String label : split.labelKeys()) {
          long[] values = split.labels(label);
          assertArrayEquals(HdfFixtures.labels(fixture, splitName, label), values);
          assertEquals(HdfFixtures.labelCounts(fixture, splitName, label), LabelSpec.counts(values));
        }
        JsonObject s = HdfFixtures.split(fixture, splitName);
        assertArrayEquals(HdfFixtures.longs(s.getAsJsonArray("original_indices")), split.originalIndices());
      }
    }
  }

  @Test
  void metadataMatchesWhatH5pyReports() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      assertEquals(Map.of("model", "PaliGemma2Adapter", "dataset", "fairface"), file.attributes());
      assertEquals(List.of("training", "validation"), file.splitNames());
      LatentSplit train = file.split("training", "encoded");
      assertEquals("training", train.name());
      assertEquals("encoded", train.featureKey());
      assertEquals("float16", train.dtypeName());
      assertArrayEquals(new int[] {16, 5, 8}, train.chunkShape());
      assertEquals(List.of("zstd(level=3)"), train.filterNames());
      assertArrayEquals(new int[] {12, 5, 8}, file.split("validation", "encoded").chunkShape());
    }
    try (LatentFile file = LatentFile.open(HdfFixtures.path("pooled_f16.h5"))) {
      assertEquals("SigLIP2Adapter", file.attributes().get("model"));
      LatentSplit train = file.split("training", "encoded");
      assertFalse(train.tokenLevel());
      assertArrayEquals(new int[] {8, 6}, train.chunkShape());
      assertEquals(List.of("shuffle", "zstd(level=3)"), train.filterNames());
    }
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f32.h5"))) {
      LatentSplit val = file.split("validation", "encoded");
      assertEquals("float32", val.dtypeName());
      assertEquals(0, val.chunkShape().length); // contiguous
      assertEquals(List.of(), val.filterNames());
      assertEquals(List.of(), val.labelKeys());
      assertEquals(0, val.originalIndices().length);
      assertEquals(FeatureSource.Mode.CONTIGUOUS, val.source().mode());
      assertEquals(FeatureSource.Mode.CHUNKS, file.split("training", "encoded").source().mode());
    }
    try (LatentFile file = LatentFile.open(HdfFixtures.path("bigendian.h5"))) {
      assertEquals(ElementCodec.FLOAT16_BE, file.split("training", "encoded").source().codec());
      assertEquals(ElementCodec.FLOAT32_BE, file.split("validation", "encoded").source().codec());
      assertEquals("float16", file.split("training", "encoded").dtypeName());
    }
  }

  @Test
  void jhdfSlicingReaderAgreesWithChunkDecoder() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      FeatureSource slices = split.sliceSource();
      assertEquals(FeatureSource.Mode.SLICES, slices.mode());
      float[] expected = HdfFixtures.features("tokens_f16", "training", "encoded");
      int per = split.tokensPerSample() * split.dim();
      for (int b = 0; b < slices.numBlocks(); b++) {
        byte[] bytes = slices.readBlock(b);
        float[] got = new float[slices.blockLength(b) * per];
        slices.codec().decode(bytes, 0, got, 0, got.length);
        assertBitsEqual(slice(expected, (int) slices.blockStart(b) * per, got.length), got, 0);
      }
    }
  }

  @Test
  void zstdFilterIsFoundThroughServiceLoader() {
    assertTrue(java.util.ServiceLoader.load(io.jhdf.filter.Filter.class).stream()
        .anyMatch(p -> p.type() == ZstdFilter.class));
  }

  static float[] slice(float[] a, int from, int length) {
    return java.util.Arrays.copyOfRange(a, from, from + length);
  }

  static void assertBitsEqual(float[] expected, float[] actual, int firstSample) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        throw new AssertionError("element " + i + " (read from sample " + firstSample + "): expected "
            + expected[i] + " but got " + actual[i]);
      }
    }
  }
}
