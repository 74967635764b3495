package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input gives a one-line DataException naming the file and the path inside it. */
class ValidationTest {
  @TempDir Path tmp;

  /** Asserts a one-line DataException whose message contains every fragment. */
  static DataException fails(Executable action, String... fragments) {
    DataException e = assertThrows(DataException.class, action);
    String m = e.getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    for (String f : fragments) {
      assertTrue(m.contains(f), "message lacks '" + f + "': " + m);
    }
    return e;
  }

  static Path fixture(String name) {
    return HdfFixtures.path(name);
  }

  @Test
  void missingFile() {
    Path p = tmp.resolve("nope.h5");
    fails(() -> LatentFile.open(p), p + ": no such file");
  }

  @Test
  void notAnHdf5File() throws IOException {
    Path p = tmp.resolve("notes.h5");
    Files.writeString(p, "this is a text file, not HDF5\n".repeat(20));
    fails(() -> LatentFile.open(p), p.toString(), "not a readable HDF5 file");
    Path empty = Files.createFile(tmp.resolve("empty.h5"));
    fails(() -> LatentFile.open(empty), empty.toString());
    fails(() -> LatentFile.open(tmp), "not a regular file");
  }

  /** Reads everything a trainer or the inspector would read. */
  static void readEverything(Path path) {
    try (LatentFile file = LatentFile.open(path)) {
      file.attributes();
      for (String s : file.splitNames()) {
        LatentSplit split = file.split(s, "encoded");
        split.read(0, (int) split.numSamples());
        for (String k : split.labelKeys()) {
          split.labels(k);
        }
        split.originalIndices();
        try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("all")), 0)) {
          it.forEachRemaining(b -> { });
        }
      }
    }
  }

  @ParameterizedTest(name = "kept {0}/8 of the file")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  void truncatedFileFailsWithDataExceptionWithoutHanging(int eighths) throws IOException {
    long size = Files.size(fixture("tokens_f16.h5"));
    Path p = HdfFixtures.truncatedCopy("tokens_f16.h5", tmp, size * eighths / 8);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fails(() -> readEverything(p), p.toString()));
  }

  @Test
  void truncationIsReportedWithBothSizes() throws IOException {
    long size = Files.size(fixture("tokens_f16.h5"));
    Path p = HdfFixtures.truncatedCopy("tokens_f16.h5", tmp, size / 2);
    fails(() -> LatentFile.open(p), p + ": truncated: the file has " + size / 2
        + " bytes but its HDF5 superblock says " + size);
  }

  /**
   * A cut file whose superblock was patched to the new length gets past the open-time size
   * check: the damage must then be caught wherever reading meets it.
   */
  @ParameterizedTest(name = "kept {0}/16 of the file, superblock patched")
  @ValueSource(ints = {2, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15})
  void truncatedFileWithPatchedSuperblockFailsWithDataException(int sixteenths) throws IOException {
    long size = Files.size(fixture("tokens_f16.h5"));
    long keep = size * sixteenths / 16;
    Path p = HdfFixtures.truncatedCopy("tokens_f16.h5", tmp, keep);
    byte[] bytes = Files.readAllBytes(p);
    assertEquals(0, bytes[8], "superblock version 0: end-of-file address at byte 40");
    java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(40, keep);
    Files.write(p, bytes);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fails(() -> readEverything(p), p.toString()));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 8, 100, 512, 2048})
  void filesCutInsideTheirHeadersFailToOpen(int bytes) throws IOException {
    Path p = HdfFixtures.truncatedCopy("tokens_f16.h5", tmp, bytes);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fails(() -> readEverything(p), p.toString()));
  }

  @Test
  void corruptedChunkNamesDatasetAndChunk() {
    Path p = fixture("bad_chunk.h5");
    try (LatentFile file = LatentFile.open(p)) {
      LatentSplit split = file.split("training", "encoded");
      assertDoesNotThrow(() -> split.read(0, 16)); // chunk 0 is intact
      fails(() -> split.read(10, 10), p + ": /training/encoded chunk 1 (samples 16..31)", "zstd");
      try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(8), 0)) {
        assertTrue(it.hasNext());
        it.next();
        it.next();
        fails(it::hasNext, "/training/encoded chunk 1");
      }
      assertDoesNotThrow(() -> file.split("validation", "encoded").read(0, 12));
    }
  }

  @Test
  void missingSplitListsTheAvailableOnes() {
    try (LatentFile file = LatentFile.open(fixture("tokens_f16.h5"))) {
      fails(() -> file.split("test", "encoded"), "tokens_f16.h5: no split group /test", "available: training, validation");
    }
  }

  @Test
  void missingFeatureDatasetListsTheAvailableOnes() {
    try (LatentFile file = LatentFile.open(fixture("tokens_f16.h5"))) {
      fails(() -> file.split("training", "data"), "tokens_f16.h5: no feature dataset /training/data", "encoded");
    }
    try (LatentFile file = LatentFile.open(fixture("sae_agg.h5"))) {
      fails(() -> file.split("training", "encoded"), "/training/encoded", "data/max, data/mean");
      fails(() -> file.split("training", "data"), "/training/data"); // a group, not a dataset
    }
  }

  @Test
  void wrongRank() {
    try (LatentFile file = LatentFile.open(fixture("bad_rank.h5"))) {
      fails(() -> file.split("training", "encoded"), "bad_rank.h5: /training/encoded has rank 4", "expected 2 (N, d) or 3 (N, T, d)");
      fails(() -> file.split("validation", "encoded"), "/validation/encoded has rank 1");
    }
  }

  @Test
  void featureWidthDifferentFromExpectedDim() {
    try (LatentFile file = LatentFile.open(fixture("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      fails(() -> BatchIterator.open(split, BatchOptions.defaults(4).withExpectedDim(1152), 0),
          "tokens_f16.h5: /training/encoded has feature width 8", "model.input_size is 1152");
      try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(4).withExpectedDim(8), 0)) {
        assertTrue(it.hasNext());
      }
    }
  }

  @Test
  void unknownCompressionFilterIsNamedById() {
    try (LatentFile file = LatentFile.open(fixture("bad_filter.h5"))) {
      fails(() -> file.split("training", "encoded"), "bad_filter.h5: /training/encoded uses HDF5 filter id 32099");
    }
  }

  @Test
  void labelsOfAnotherLengthThanTheFeatures() {
    try (LatentFile file = LatentFile.open(fixture("bad_label_length.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      fails(() -> split.labels("age"), "bad_label_length.h5: /training/labels/age has 9 values but /training/encoded has 10 samples");
      fails(() -> BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("all")), 0), "/training/labels/age has 9 values");
      try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("race")), 0)) {
        assertEquals(3, it.numBatches());
      }
    }
  }

  @Test
  void labelValuesOutOfRange() {
    try (LatentFile file = LatentFile.open(fixture("bad_label_range.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      fails(() -> BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("race")), 0),
          "bad_label_range.h5: /training/labels/race has value 7 at sample 6, expected 0..6 (7 classes of 'race')");
      fails(() -> BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("gender")), 0),
          "/training/labels/gender has value -1 at sample 2, expected 0..1");
      fails(() -> LabelSpec.fairFace().check(split, "race"), "value 7 at sample 6");
      // Configurable class counts: with 8 races the value 7 is fine.
      LabelSpec eight = new LabelSpec(Map.of("race", 8, "gender", 2));
      try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("race")), 0, eight)) {
        assertTrue(it.hasNext());
      }
      try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("race", "gender")), 0, LabelSpec.none())) {
        assertTrue(it.hasNext());
      }
    }
  }

  @Test
  void nanOrInfinityNamesSplitAndSample() {
    try (LatentFile file = LatentFile.open(fixture("bad_nan.h5"))) {
      for (Pooling p : Pooling.values()) {
        try (BatchIterator it = BatchIterator.open(file.split("validation", "encoded"), BatchOptions.defaults(2).withPooling(p), 0)) {
          fails(() -> it.forEachRemaining(b -> { }),
              "bad_nan.h5: /validation/encoded sample 5 of split 'validation' holds +Infinity at token 0, feature 3");
        }
        // Shuffled: the same sample is named, wherever it lands.
        try (BatchIterator it = BatchIterator.open(file.split("training", "encoded"), BatchOptions.defaults(3).withPooling(p).withShuffle(1), 0)) {
          fails(() -> it.forEachRemaining(b -> { }), "/training/encoded sample 13 of split 'training' holds NaN at token 2, feature 1");
        }
      }
    }
  }

  @Test
  void requestedLabelMissing() {
    try (LatentFile file = LatentFile.open(fixture("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      fails(() -> BatchIterator.open(split, BatchOptions.defaults(4).withLabels(List.of("age", "ethnicity")), 0),
          "tokens_f16.h5: /training/labels has no label ethnicity (available: age, gender, race)");
      fails(() -> split.labels("ethnicity"), "/training/labels/ethnicity does not exist (labels in /training: age, gender, race)");
    }
    try (LatentFile file = LatentFile.open(fixture("tokens_f32.h5"))) {
      LatentSplit noLabels = file.split("validation", "encoded");
      fails(() -> BatchIterator.open(noLabels, BatchOptions.defaults(4).withLabels(List.of("age")), 0), "(available: none)");
      // ["all"] on a split without labels: features only, as the Python FairFaceDataset does.
      try (BatchIterator it = BatchIterator.open(noLabels, BatchOptions.defaults(4).withLabels(List.of("all")), 0)) {
        assertTrue(it.next().labels().isEmpty());
      }
    }
  }

  @Test
  void badOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> BatchOptions.defaults(0));
    assertThrows(IllegalArgumentException.class, () -> BatchOptions.defaults(4).withPrefetchBatches(0));
    assertThrows(IllegalArgumentException.class, () -> BatchOptions.defaults(4).withShuffleBufferChunks(0));
    assertThrows(IllegalArgumentException.class, () -> BatchOptions.defaults(4).withExpectedDim(-1));
  }
}
