package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Batching against h5py's values: every batch's rows are checked against the h5py dump at the
 * batch's own {@code sampleIndices}, so shuffled batches are checked as thoroughly as ordered ones.
 */
class BatchIteratorTest {
  private static final List<String> ALL = List.of("all");

  /** Drains one epoch. */
  static List<Batch> epoch(LatentSplit split, BatchOptions options, int epoch) {
    List<Batch> out = new ArrayList<>();
    try (BatchIterator it = BatchIterator.open(split, options, epoch)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /** Checks rows and labels of every batch against h5py, at the batch's sample indices. */
  static void checkAgainstH5py(String fixture, String splitName, String key, List<Batch> batches,
      Pooling pooling, List<String> labelKeys) {
    float[] all = HdfFixtures.features(fixture, splitName, key);
    int[] shape = HdfFixtures.shape(fixture, splitName, key);
    boolean tokens = shape.length == 3;
    int t = tokens ? shape[1] : 1;
    int d = shape[shape.length - 1];
    boolean pooled = tokens && pooling == Pooling.MEAN_POOL;
    float[] source = pooled ? HdfFixtures.meanPooled(fixture, splitName, key) : all;
    int per = pooled ? d : t * d;
    for (Batch b : batches) {
      assertEquals(d, b.dim());
      assertEquals(t, b.tokensPerSample());
      assertEquals(b.samples() * (pooled ? 1 : t), b.rows());
      assertEquals(b.rows() * d, b.features().length);
      assertEquals(b.samples(), b.sampleIndices().length);
      for (int i = 0; i < b.samples(); i++) {
        int s = (int) b.sampleIndices()[i];
        float[] want = Arrays.copyOfRange(source, s * per, (s + 1) * per);
        float[] got = Arrays.copyOfRange(b.features(), i * per, (i + 1) * per);
        LatentFileTest.assertBitsEqual(want, got, s);
      }
      assertEquals(labelKeys, new ArrayList<>(b.labels().keySet()));
      for (String k : labelKeys) {
        long[] expected = HdfFixtures.labels(fixture, splitName, k);
        long[] got = b.labels(k);
        for (int i = 0; i < b.samples(); i++) {
          assertEquals(expected[(int) b.sampleIndices()[i]], got[i], k + " of sample " + b.sampleIndices()[i]);
        }
      }
    }
  }

  static long[] indices(List<Batch> batches) {
    return batches.stream().flatMapToLong(b -> Arrays.stream(b.sampleIndices())).toArray();
  }

  static long[] range(int n) {
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  @Test
  void fileOrderFlattenedWithPartialLastBatch() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      BatchOptions options = BatchOptions.defaults(16).withLabels(ALL);
      List<Batch> batches = epoch(split, options, 0);
      assertEquals(List.of(16, 16, 8), batches.stream().map(Batch::samples).toList());
      assertEquals(List.of(80, 80, 40), batches.stream().map(Batch::rows).toList());
      assertArrayEquals(range(40), indices(batches));
      checkAgainstH5py("tokens_f16", "training", "encoded", batches, Pooling.FLATTEN_TOKENS,
          List.of("age", "gender", "race"));
    }
  }

  @Test
  void batchesNeedNotAlignWithChunks() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      List<Batch> batches = epoch(split, BatchOptions.defaults(7).withLabels(List.of("race")), 0);
      assertEquals(List.of(7, 7, 7, 7, 7, 5), batches.stream().map(Batch::samples).toList());
      assertArrayEquals(range(40), indices(batches));
      checkAgainstH5py("tokens_f16", "training", "encoded", batches, Pooling.FLATTEN_TOKENS, List.of("race"));
    }
  }

  @Test
  void meanPoolingEqualsNumpyMeanOverTokens() {
    for (String[] c : new String[][] {{"tokens_f16", "encoded"}, {"tokens_f32", "encoded"}, {"sae_latent", "data"}}) {
      try (LatentFile file = LatentFile.open(HdfFixtures.path(c[0] + ".h5"))) {
        for (String splitName : file.splitNames()) {
          LatentSplit split = file.split(splitName, c[1]);
          List<Batch> batches = epoch(split, BatchOptions.defaults(5).withPooling(Pooling.MEAN_POOL), 0);
          assertTrue(batches.stream().allMatch(b -> b.rows() == b.samples()));
          assertArrayEquals(range((int) split.numSamples()), indices(batches));
          checkAgainstH5py(c[0], splitName, c[1], batches, Pooling.MEAN_POOL, List.of());
        }
      }
    }
  }

  @Test
  void twoDimensionalDataPassesThroughEitherPooling() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("pooled_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      for (Pooling p : Pooling.values()) {
        List<Batch> batches = epoch(split, BatchOptions.defaults(8).withPooling(p), 0);
        assertEquals(List.of(8, 8, 8, 6), batches.stream().map(Batch::rows).toList());
        checkAgainstH5py("pooled_f16", "training", "encoded", batches, p, List.of());
      }
    }
    try (LatentFile file = LatentFile.open(HdfFixtures.path("sae_agg.h5"))) {
      for (String key : List.of("data/mean", "data/max")) {
        LatentSplit split = file.split("training", key);
        List<Batch> batches = epoch(split, BatchOptions.defaults(4).withLabels(List.of("age", "gender")), 0);
        checkAgainstH5py("sae_agg", "training", key, batches, Pooling.FLATTEN_TOKENS, List.of("age", "gender"));
      }
    }
  }

  @Test
  void dropLastDropsOnlyTheShortFinalBatch() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      BatchOptions options = BatchOptions.defaults(16).withDropLast(true);
      List<Batch> batches = epoch(split, options, 0);
      assertEquals(List.of(16, 16), batches.stream().map(Batch::samples).toList());
      try (BatchIterator it = BatchIterator.open(split, options, 0)) {
        assertEquals(2, it.numBatches());
      }
      // 40 = 5 * 8: nothing to drop.
      assertEquals(5, epoch(split, BatchOptions.defaults(8).withDropLast(true), 0).size());
      // Shuffled with dropLast: 32 distinct samples.
      List<Batch> shuffled = epoch(split, options.withShuffle(3), 0);
      assertEquals(32, Arrays.stream(indices(shuffled)).distinct().count());
    }
  }

  @Test
  void contiguousAndSlicedReadersBatchLikeTheChunkDecoder() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f32.h5"))) {
      LatentSplit val = file.split("validation", "encoded"); // contiguous, uncompressed float32
      List<Batch> batches = epoch(val, BatchOptions.defaults(3), 0);
      assertEquals(List.of(3, 3, 1), batches.stream().map(Batch::samples).toList());
      checkAgainstH5py("tokens_f32", "validation", "encoded", batches, Pooling.FLATTEN_TOKENS, List.of());
    }
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      BatchOptions options = BatchOptions.defaults(6).withShuffle(9).withLabels(ALL);
      List<Batch> sliced = new ArrayList<>();
      try (BatchIterator it = BatchIterator.open(split, options, 2, LabelSpec.fairFace(), split.sliceSource())) {
        it.forEachRemaining(sliced::add);
      }
      assertSameSequence(epoch(split, options, 2), sliced);
      checkAgainstH5py("tokens_f16", "training", "encoded", sliced, Pooling.FLATTEN_TOKENS,
          List.of("age", "gender", "race"));
    }
  }

  @Test
  void shuffledEpochIsAPermutationWithLabelsFollowingTheirSamples() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      for (int bufferChunks : new int[] {1, 2, 8}) {
        BatchOptions options = BatchOptions.defaults(6).withShuffle(1234).withShuffleBufferChunks(bufferChunks)
            .withLabels(ALL);
        for (int epoch = 0; epoch < 3; epoch++) {
          List<Batch> batches = epoch(split, options, epoch);
          long[] order = indices(batches);
          long[] sorted = order.clone();
          Arrays.sort(sorted);
          assertArrayEquals(range(40), sorted, "epoch " + epoch + " is a permutation");
          assertFalse(Arrays.equals(range(40), order), "epoch " + epoch + " is shuffled");
          checkAgainstH5py("tokens_f16", "training", "encoded", batches, Pooling.FLATTEN_TOKENS,
              List.of("age", "gender", "race"));
        }
      }
    }
  }

  @Test
  void sameSeedAndEpochGiveTheSameBatchesOthersDiffer() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      BatchOptions options = BatchOptions.defaults(6).withShuffle(42).withLabels(ALL);
      List<Batch> a = epoch(split, options, 5);
      List<Batch> b = epoch(split, options.withPrefetchBatches(1), 5); // prefetch depth must not matter
      assertSameSequence(a, b);
      assertNotEquals(Arrays.toString(indices(a)), Arrays.toString(indices(epoch(split, options, 6))));
      assertNotEquals(Arrays.toString(indices(a)), Arrays.toString(indices(epoch(split, options.withShuffle(43), 5))));
      // The same split opened again from a new LatentFile handle gives the same sequence too.
      try (LatentFile again = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
        assertSameSequence(a, epoch(again.split("training", "encoded"), options, 5));
      }
    }
  }

  @Test
  void shuffleBufferMixesSamplesOfDifferentChunksWithinABatch() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      List<Batch> batches = epoch(split, BatchOptions.defaults(8).withShuffle(7).withShuffleBufferChunks(2), 0);
      boolean mixed = false;
      for (Batch b : batches) {
        Set<Long> chunks = new HashSet<>();
        for (long s : b.sampleIndices()) {
          chunks.add(s / 16);
        }
        mixed |= chunks.size() > 1;
      }
      assertTrue(mixed, "a two-chunk buffer draws from both chunks");
    }
  }

  @Test
  void closeStopsThePrefetchThread() throws Exception {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(1).withPrefetchBatches(1), 0);
      assertTrue(it.hasNext());
      it.next();
      assertTrue(it.producerAlive(), "producer waits for room in the queue");
      it.close();
      assertFalse(it.producerAlive());
      assertThrows(DataException.class, it::hasNext, "closed mid-epoch is not a silent end");

      // Closing the file closes iterators still open on it.
      BatchIterator forgotten = BatchIterator.open(split, BatchOptions.defaults(1).withPrefetchBatches(1), 0);
      assertTrue(forgotten.hasNext());
      file.close();
      assertFalse(forgotten.producerAlive());
    }
  }

  @Test
  void iteratorEndsCleanlyAndStopsItsThread() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      BatchIterator it = BatchIterator.open(file.split("validation", "encoded"), BatchOptions.defaults(5), 0);
      int n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      assertEquals(3, n);
      assertFalse(it.hasNext());
      assertFalse(it.producerAlive());
      assertThrows(java.util.NoSuchElementException.class, it::next);
    }
  }

  @Test
  void producerErrorsSurfaceAfterTheGoodBatchesAsTheSameException() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("bad_nan.h5"))) {
      BatchIterator it = BatchIterator.open(file.split("training", "encoded"), BatchOptions.defaults(4), 0);
      List<Batch> good = new ArrayList<>();
      DataException e = assertThrows(DataException.class, () -> {
        while (it.hasNext()) {
          good.add(it.next());
        }
      });
      assertEquals(3, good.size(), "samples 0..11 precede the NaN at sample 13");
      assertTrue(e.getMessage().contains("bad_nan.h5: /training/encoded sample 13 of split 'training' holds NaN at token 2, feature 1"),
          e.getMessage());
      assertSame(e, assertThrows(DataException.class, it::hasNext), "the failure is sticky");
      assertFalse(it.producerAlive());
    }
  }

  @Test
  void heapEstimateAddsUpBatchesChunkAndShuffleBuffer() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded"); // 40 x 5 x 8 float16, chunks of 16
      BatchOptions o = BatchOptions.defaults(16); // prefetch 2
      long batch = 16 * 5 * 8 * 4;
      long chunk = 16 * 5 * 8 * 2;
      assertEquals(4 * batch + 2 * chunk, BatchIterator.estimatedHeapBytes(split, o));
      assertEquals(4 * (16 * 8 * 4) + 2 * chunk, BatchIterator.estimatedHeapBytes(split, o.withPooling(Pooling.MEAN_POOL)));
      // Shuffle buffer of 2 chunks = 32 samples of 80 bytes; of 4 chunks = capped at the 40 samples.
      assertEquals(4 * batch + 2 * chunk + 32 * 80, BatchIterator.estimatedHeapBytes(split, o.withShuffle(1).withShuffleBufferChunks(2)));
      assertEquals(4 * batch + 2 * chunk + 40 * 80, BatchIterator.estimatedHeapBytes(split, o.withShuffle(1)));
    }
  }

  static void assertSameSequence(List<Batch> a, List<Batch> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).sampleIndices(), b.get(i).sampleIndices(), "batch " + i);
      LatentFileTest.assertBitsEqual(a.get(i).features(), b.get(i).features(), i);
      assertEquals(a.get(i).labels().keySet(), b.get(i).labels().keySet());
      for (String k : a.get(i).labels().keySet()) {
        assertArrayEquals(a.get(i).labels(k), b.get(i).labels(k));
      }
    }
  }
}
