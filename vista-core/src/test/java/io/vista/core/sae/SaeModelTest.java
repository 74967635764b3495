package io.vista.core.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.CheckpointException;
import io.vista.core.Provenance;
import io.vista.core.VistaException;
import io.vista.core.internal.io.CheckpointStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SaeModel}: the plain-array API against the plain-Java reference, save/load, BatchTopK's modes. */
class SaeModelTest {
  @TempDir Path tmp;

  /** A model with random (non-trivial) parameters and the reference computing the same maths in doubles. */
  private static SaeModel model(SaeSpec spec, long seed) {
    Map<String, float[]> state = SaeTestSupport.randomizeParams(spec, SaeWeights.initialize(spec, seed).asMap(), seed);
    state.remove(SaeWeights.THRESHOLD);
    return SaeModel.of(spec, SaeWeights.of(spec, state));
  }

  private static ReferenceSae reference(SaeModel model) {
    Map<String, float[]> state = new LinkedHashMap<>(model.weights().asMap());
    state.put(SparseAutoencoder.DEAD_COUNTER, new float[model.spec().dSae()]);
    return new ReferenceSae(model.spec(), state);
  }

  private static float[][] rows(int n, int d, long seed) {
    float[] flat = SaeTestSupport.randomBatch(n, d, seed);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }
    return out;
  }

  private static double[][] doubles(float[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = x[i][j];
      }
    }
    return out;
  }

  @Test
  void encodeDecodeAndReconstructMatchThePlainJavaReference() {
    for (String v : SaeVariant.names()) {
      SaeSpec spec = SaeTestSupport.smallSpec(v);
      try (SaeModel sae = model(spec, 5)) {
        float[][] x = rows(SaeTestSupport.ROWS, spec.dIn(), 9);
        ReferenceSae.Output ref = reference(sae).run(doubles(x), false);
        float[][] z = sae.encode(x);
        float[][] recon = sae.reconstruct(x);
        float[][] decoded = sae.decode(z);
        for (int i = 0; i < x.length; i++) {
          for (int f = 0; f < spec.dSae(); f++) {
            assertEquals(ref.acts()[i][f], z[i][f], 1e-5, v + " latent " + i + "," + f);
            assertFalse(Float.floatToRawIntBits(z[i][f]) == 0x80000000, v + ": -0.0 latent");
          }
          for (int j = 0; j < spec.dIn(); j++) {
            assertEquals(ref.recon()[i][j], recon[i][j], 1e-5, v + " recon " + i + "," + j);
            assertEquals(recon[i][j], decoded[i][j], 1e-6, v + " decode(encode) " + i + "," + j);
          }
        }
      }
    }
  }

  @Test
  void batchTopKIsBatchDependentUnlessAskedForItsThreshold() {
    SaeSpec spec = SaeTestSupport.smallSpec("batchtopk");
    Map<String, float[]> state = SaeTestSupport.randomizeParams(spec, SaeWeights.initialize(spec, 3).asMap(), 3);
    float[] t = new float[spec.dSae()];
    java.util.Arrays.fill(t, 0.4f);
    state.put(SaeWeights.THRESHOLD, t);
    float[][] x = rows(8, spec.dIn(), 4);
    try (SaeModel batch = SaeModel.of(spec, SaeWeights.of(spec, state));
         SaeModel threshold = batch.withInference("threshold")) {
      assertTrue(batch.spec().batchDependent());
      assertFalse(threshold.spec().batchDependent());
      // per batch: row 0 alone keeps k entries; with the others it shares a budget of k * rows
      assertNotEquals(List.of(batch.encode(new float[][] {x[0]})[0]), List.of(batch.encode(x)[0]));
      assertArrayEquals(batch.encode(new float[][] {x[0]})[0], batch.encode(new float[][] {x[0]})[0]);
      // by threshold: the same latents whatever else is encoded with the row
      float[] alone = threshold.encode(new float[][] {x[0]})[0];
      assertArrayEquals(alone, threshold.encode(x)[0]);
      for (float zf : alone) {
        assertTrue(zf == 0 || zf > 0.4f, "kept entries exceed the threshold: " + zf);
      }
      // a stream of batches: one result per batch, each encoded as one batch
      List<float[][]> out = threshold.encode(Stream.of(x, new float[][] {x[0]})).toList();
      assertEquals(2, out.size());
      assertArrayEquals(alone, out.get(1)[0]);
    }
    assertThrows(VistaException.class, () -> SaeModel.of(SaeTestSupport.smallSpec("topk"),
        SaeWeights.initialize(SaeTestSupport.smallSpec("topk"), 1)).withInference("threshold"));
  }

  @Test
  void saveAndLoadRoundTripSpecWeightsAndProvenance() {
    for (String v : SaeVariant.names()) {
      SaeSpec spec = SaeTestSupport.smallSpec(v);
      SaeModel original = SaeModel.of(spec, model(spec, 8).weights(),
          new Provenance(Provenance.Format.IN_MEMORY, null, "{\"seed\":7}", Map.of(), Map.of()));
      Path dir = tmp.resolve(v);
      original.save(dir);
      assertTrue(CheckpointStore.isCheckpointDir(dir));
      try (SaeModel loaded = SaeModel.load(dir)) {
        assertEquals(spec, loaded.spec());
        assertEquals(Provenance.Format.VISTA_FOLDER, loaded.provenance().format());
        assertEquals("{\"seed\":7}", loaded.provenance().resolvedConfigJson());
        for (String name : original.weights().names()) {
          assertArrayEquals(original.weights().get(name), loaded.weights().get(name), v + " " + name);
        }
        float[][] x = rows(4, spec.dIn(), 1);
        assertArrayEquals(original.encode(x)[2], loaded.encode(x)[2]);
      }
      original.close();
    }
  }

  @Test
  void badInputIsAOneLineErrorNamingWhatIsWrong() {
    SaeSpec spec = SaeTestSupport.smallSpec("topk");
    try (SaeModel sae = model(spec, 2)) {
      String m = assertThrows(VistaException.class, () -> sae.encode(new float[][] {new float[3]})).getMessage();
      assertTrue(m.contains("rows[0]") && m.contains("3") && m.contains(String.valueOf(spec.dIn())), m);
      assertEquals(0, sae.encode(new float[0][]).length);
    }
    String m = assertThrows(CheckpointException.class, () -> SaeModel.load(tmp.resolve("nope"))).getMessage();
    assertTrue(m.contains("nope") && m.contains("no such checkpoint"), m);
  }
}
