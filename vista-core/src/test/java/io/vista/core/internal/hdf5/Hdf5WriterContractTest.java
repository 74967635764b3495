package io.vista.core.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.vista.core.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomicity (nothing at the target before commit, no stray temp files) and error messages. */
class Hdf5WriterContractTest {
  @TempDir Path dir;

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void closeWithoutCommitLeavesNeitherTargetNorTempFile() throws IOException {
    Path target = dir.resolve("out.h5");
    try (Hdf5Writer w = Hdf5Writer.create(target)) {
      w.writeLongs("/a", new long[] {1, 2, 3}, null, 3);
      assertEquals(1, listing().size(), "only the temp file exists while writing");
      assertFalse(Files.exists(target));
    }
    assertEquals(List.of(), listing());
  }

  @Test
  void existingTargetSurvivesFailedWritesUntouched() throws IOException {
    Path target = dir.resolve("out.h5");
    byte[] original = "previous results".getBytes(StandardCharsets.UTF_8);
    Files.write(target, original);

    // 1. commit refused (incomplete dataset), then closed
    try (Hdf5Writer w = Hdf5Writer.create(target)) {
      w.createDataset("/x", ElementType.FLOAT16, new long[] {4, 2}, new int[] {2, 2}, 3)
          .append(new float[] {1, 2, 3}, 0, 3);
      assertThrows(DataException.class, w::commit);
    }
    // 2. an exception escapes the try block mid-write
    assertThrows(IllegalStateException.class, () -> {
      try (Hdf5Writer w = Hdf5Writer.create(target)) {
        w.writeLongs("/a", new long[] {1}, null, 0);
        throw new IllegalStateException("caller crashed");
      }
    });
    assertArrayEquals(original, Files.readAllBytes(target));
    assertEquals(List.of("out.h5"), listing());
  }

  @Test
  void commitReplacesTheTargetAtomicallyAndLeavesNoTempFile() throws IOException {
    Path target = dir.resolve("out.h5");
    Files.writeString(target, "old");
    try (Hdf5Writer w = Hdf5Writer.create(target)) {
      w.setAttribute("/", "model", "m");
      w.writeLongs("/a", new long[] {5, 6}, null, 3);
      w.commit();
    }
    assertEquals(List.of("out.h5"), listing());
    try (HdfFile hdf = new HdfFile(target)) {
      assertEquals("m", hdf.getAttribute("model").getData());
      assertArrayEquals(new long[] {5, 6}, (long[]) hdf.getDatasetByPath("/a").getDataFlat());
    }
  }

  @Test
  void incompleteDatasetCanBeFinishedAfterARefusedCommit() {
    Path target = dir.resolve("out.h5");
    try (Hdf5Writer w = Hdf5Writer.create(target)) {
      ChunkedDatasetWriter d = w.createDataset("/x", ElementType.INT64, new long[] {3}, new int[] {2}, 0);
      d.append(new long[] {1, 2}, 0, 2);
      assertEquals(2, d.elementsWritten());
      DataException e = assertThrows(DataException.class, w::commit);
      assertMessage(e, target, "/x", "received 2 of 3 elements");
      d.append(new long[] {3}, 0, 1);
      w.commit();
    }
    try (HdfFile hdf = new HdfFile(target)) {
      assertArrayEquals(new long[] {1, 2, 3}, (long[]) hdf.getDatasetByPath("/x").getDataFlat());
    }
  }

  @Test
  void misuseFailsWithOneLineMessagesNamingFileAndPath() {
    Path target = dir.resolve("bad.h5");
    try (Hdf5Writer w = Hdf5Writer.create(target)) {
      ChunkedDatasetWriter f16 = w.createDataset("/g/f", ElementType.FLOAT16, new long[] {2, 3}, new int[] {1, 3}, 3);
      ChunkedDatasetWriter i64 = w.createDataset("/g/i", ElementType.INT64, new long[] {2}, new int[] {2}, 3);
      expect(target, "/g/f", "append(long[]) is for INT64", () -> f16.append(new long[] {1}, 0, 1));
      expect(target, "/g/i", "append(float[]) is for FLOAT16/FLOAT32", () -> i64.append(new float[] {1}, 0, 1));
      expect(target, "/g/f", "too many elements", () -> f16.append(new float[7], 0, 7));
      expect(target, "/g/f", "outside an array", () -> f16.append(new float[2], 1, 2));
      expect(target, "/g/f", "already exists",
          () -> w.createDataset("/g/f", ElementType.FLOAT16, new long[] {1}, new int[] {1}, 0));
      expect(target, "/g/f/x", "is a dataset, not a group",
          () -> w.createDataset("/g/f/x", ElementType.FLOAT16, new long[] {1}, new int[] {1}, 0));
      expect(target, "/c", "does not fit shape",
          () -> w.createDataset("/c", ElementType.FLOAT16, new long[] {4}, new int[] {5}, 0));
      expect(target, "/c", "equal rank",
          () -> w.createDataset("/c", ElementType.FLOAT16, new long[] {4, 4}, new int[] {4}, 0));
      expect(target, "/c", "zstd level 23 unsupported: 0 (no filter) or 1..22",
          () -> w.createDataset("/c", ElementType.FLOAT16, new long[] {4}, new int[] {4}, 23));
      expect(target, "/c", "zstd level -1 unsupported",
          () -> w.createDataset("/c", ElementType.FLOAT16, new long[] {4}, new int[] {4}, -1));
      expect(target, "/c", "exceeds",
          () -> w.createDataset("/c", ElementType.FLOAT32, new long[] {1 << 20, 1 << 10}, new int[] {1 << 20, 1 << 10}, 0));
      expect(target, "a//b", "bad object path", () -> w.createGroup("a//b"));
      expect(target, "/nope", "no such group or dataset", () -> w.setAttribute("/nope", "k", "v"));
      expect(target, "/x", "values for shape",
          () -> w.writeFloats("/x", new float[3], new long[] {2, 2}, ElementType.FLOAT32, null, 0));
      // Not yet complete: both datasets are named by the refused commit, the first one first.
      DataException e = assertThrows(DataException.class, w::commit);
      assertMessage(e, target, "/g/f", "received 0 of 6 elements");
    }
  }

  @Test
  void aCommittedOrClosedWriterRefusesFurtherWork() {
    Path target = dir.resolve("done.h5");
    Hdf5Writer w = Hdf5Writer.create(target);
    ChunkedDatasetWriter d = w.createDataset("/d", ElementType.INT64, new long[] {1}, new int[] {1}, 0);
    d.append(new long[] {1}, 0, 1);
    w.commit();
    expect(target, "/", "already committed", w::commit);
    expect(target, "/e", "already committed", () -> w.createGroup("/e"));
    w.close();
    w.close(); // idempotent
    assertTrue(Files.exists(target));
    Hdf5Writer closed = Hdf5Writer.create(dir.resolve("never.h5"));
    closed.close();
    expect(dir.resolve("never.h5"), "/", "writer closed", closed::commit);
  }

  @Test
  void missingDirectoryIsReported() {
    Path target = dir.resolve("no/such/dir/out.h5");
    DataException e = assertThrows(DataException.class, () -> Hdf5Writer.create(target));
    assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("out.h5"), e.getMessage());
  }

  @Test
  void groupsAreCreatedWithParentsAndAttributesReplaced() {
    Path target = dir.resolve("g.h5");
    try (Hdf5Writer w = Hdf5Writer.create(target)) {
      w.createGroup("/a/b/c");
      w.createGroup("a/b"); // exists: no-op
      w.setAttribute("/a/b", "k", "first");
      w.setAttribute("/a/b/", "k", "second");
      w.commit();
    }
    try (HdfFile hdf = new HdfFile(target)) {
      io.jhdf.api.Node b = hdf.getByPath("/a/b");
      assertEquals("second", b.getAttribute("k").getData());
      assertTrue(((io.jhdf.api.Group) b).getChildren().containsKey("c"));
    }
  }

  private static void expect(Path target, String path, String fragment, Runnable action) {
    DataException e = assertThrows(DataException.class, action::run);
    assertMessage(e, target, path, fragment);
  }

  private static void assertMessage(DataException e, Path target, String path, String fragment) {
    String m = e.getMessage();
    assertTrue(m.startsWith(target + ": " + path + ": "), m);
    assertTrue(m.contains(fragment), m);
    assertFalse(m.contains("\n"), m);
  }
}
