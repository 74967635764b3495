package io.vista.core.data;

import static io.vista.core.data.BatchIteratorTest.epoch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches of raw float16 bits ({@link BatchOptions#float16()}) carry exactly the float32 batches' values. */
class Float16BatchesTest {
  @Test
  void sameSamplesSameOrderSameValuesAsFloat32Batches() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      for (BatchOptions o : List.of(BatchOptions.defaults(7), BatchOptions.defaults(16).withShuffle(3))) {
        List<Batch> f32 = epoch(split, o.withLabels(List.of("all")), 1);
        List<Batch> f16 = epoch(split, o.withLabels(List.of("all")).withFloat16(true), 1);
        assertEquals(f32.size(), f16.size());
        for (int b = 0; b < f32.size(); b++) {
          Batch a = f32.get(b);
          Batch h = f16.get(b);
          assertFalse(a.isFloat16());
          assertTrue(h.isFloat16());
          assertEquals(a.rows() * a.dim(), h.float16().length);
          assertArrayEquals(a.sampleIndices(), h.sampleIndices());
          assertEquals(a.labels().keySet(), h.labels().keySet());
          for (String k : a.labels().keySet()) {
            assertArrayEquals(a.labels(k), h.labels(k));
          }
          float[] converted = h.features();
          for (int i = 0; i < converted.length; i++) {
            assertEquals(Float.floatToRawIntBits(a.features()[i]), Float.floatToRawIntBits(converted[i]), "batch " + b + " value " + i);
            assertEquals(Float16.fromFloat(a.features()[i]), h.float16()[i]);
          }
        }
      }
    }
  }

  @Test
  void float32FilesAndMeanPoolingStayFloat32() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f32.h5"))) {
      assertFalse(epoch(file.split("training", "encoded"), BatchOptions.defaults(8).withFloat16(true), 0).get(0).isFloat16());
    }
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      BatchOptions o = BatchOptions.defaults(8).withPooling(Pooling.MEAN_POOL).withFloat16(true);
      assertFalse(epoch(file.split("training", "encoded"), o, 0).get(0).isFloat16());
    }
  }

  @Test
  void nonFiniteValuesAreReportedAsForFloat32() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("bad_nan.h5"))) {
      BatchOptions o = BatchOptions.defaults(4).withFloat16(true);
      DataException e = assertThrows(DataException.class, () -> epoch(file.split("training", "encoded"), o, 0));
      assertTrue(e.getMessage().contains("bad_nan.h5: /training/encoded sample 13 of split 'training' holds NaN at token 2, feature 1"),
          e.getMessage());
    }
  }
}
