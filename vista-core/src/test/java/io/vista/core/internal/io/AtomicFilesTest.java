package io.vista.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.VistaException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic-write helper: the target shows the old or the complete new content, never a partial
 * one, and no temporary file or folder outlives a write, whether it succeeds, fails or is abandoned.
 */
class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> listing() throws IOException {
    return listing(dir);
  }

  // ------------------------------------------------------------------ files

  @Test
  void writesAFileAndItsMissingParentFolders() throws IOException {
    Path target = dir.resolve("a/b/out.json");
    AtomicFiles.writeString(target, "{\"x\": 1}\n");
    assertEquals("{\"x\": 1}\n", Files.readString(target));
    assertEquals(List.of("out.json"), listing(dir.resolve("a/b")));
  }

  @Test
  void replacesAnExistingTarget() throws IOException {
    Path target = dir.resolve("out.bin");
    Files.writeString(target, "old content that is longer than the new one");
    AtomicFiles.write(target, ch -> AtomicFiles.writeFully(ch, new byte[] {1, 2, 3}));
    assertEquals(3, Files.size(target));
    assertEquals(List.of("out.bin"), listing());
  }

  @Test
  void anIoFailureInTheBodyNamesTheTargetAndLeavesTheOldFile() throws IOException {
    Path target = dir.resolve("report.json");
    Files.writeString(target, "previous");
    VistaException e = assertThrows(VistaException.class, () -> AtomicFiles.write(target, ch -> {
      AtomicFiles.writeFully(ch, "half of the new".getBytes(StandardCharsets.UTF_8));
      throw new IOException("No space left on device");
    }));
    assertEquals(target + ": cannot write (IOException: No space left on device)", e.getMessage());
    assertEquals("previous", Files.readString(target));
    assertEquals(List.of("report.json"), listing());
  }

  @Test
  void anUncheckedFailureInTheBodyPropagatesUnchanged() throws IOException {
    Path target = dir.resolve("out.npz");
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> AtomicFiles.writeStream(target, out -> {
          out.write(new byte[100_000]);
          throw boom;
        }));
    assertSame(boom, e);
    assertEquals(List.of(), listing(), "neither target nor temporary file");
  }

  @Test
  void theBodyMayCloseItsStream() throws IOException {
    Path target = dir.resolve("s.bin");
    AtomicFiles.writeStream(target, out -> {
      try (OutputStream o = out) {
        o.write("streamed".getBytes(StandardCharsets.UTF_8));
      }
    });
    assertEquals("streamed", Files.readString(target));
  }

  @Test
  void whileWritingOnlyAHiddenTemporaryFileExists() throws IOException {
    Path target = dir.resolve("out.h5");
    Files.writeString(target, "old");
    AtomicFiles.write(target, ch -> {
      List<String> names = listing();
      assertEquals(2, names.size(), names.toString());
      assertTrue(names.get(0).startsWith(".out.h5.tmp-"), names.toString());
      assertEquals("old", Files.readString(target), "the target is untouched until the rename");
      AtomicFiles.writeFully(ch, "new".getBytes(StandardCharsets.UTF_8));
    });
    assertEquals("new", Files.readString(target));
  }

  @Test
  void aTargetThatIsAFolderIsNotReplaced() throws IOException {
    Path target = dir.resolve("taken");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep.txt"), "keep");
    VistaException e = assertThrows(VistaException.class, () -> AtomicFiles.writeString(target, "x"));
    assertTrue(e.getMessage().startsWith(target + ": cannot write ("), e.getMessage());
    assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    assertEquals(List.of("taken"), listing());
  }

  // ------------------------------------------------------------------ incremental writes

  @Test
  void pendingCommitsOnlyOnCommit() throws IOException {
    Path target = dir.resolve("big.h5");
    Files.writeString(target, "old");
    try (AtomicFiles.Pending p = AtomicFiles.begin(target)) {
      assertEquals(target, p.target());
      assertEquals(dir.toAbsolutePath(), p.path().getParent());
      assertTrue(p.path().getFileName().toString().startsWith(".big.h5.tmp-"), p.path().toString());
      for (int i = 0; i < 10; i++) {
        p.channel().write(ByteBuffer.wrap(new byte[] {(byte) i}));
        assertEquals("old", Files.readString(target));
      }
      p.commit();
      assertThrows(IllegalStateException.class, p::commit);
    }
    assertEquals(10, Files.size(target));
    assertEquals(List.of("big.h5"), listing());
  }

  @Test
  void pendingClosedWithoutCommitLeavesTheTargetAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("big.h5");
    Files.writeString(target, "old");
    AtomicFiles.Pending p = AtomicFiles.begin(target);
    p.channel().write(ByteBuffer.wrap(new byte[4096]));
    assertTrue(Files.exists(p.path()));
    p.close();
    p.close(); // idempotent
    assertThrows(IllegalStateException.class, p::commit);
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("big.h5"), listing());

    Path fresh = dir.resolve("fresh.h5");
    try (AtomicFiles.Pending q = AtomicFiles.begin(fresh)) {
      q.channel().write(ByteBuffer.wrap(new byte[1]));
    }
    assertFalse(Files.exists(fresh));
    assertEquals(List.of("big.h5"), listing());
  }

  /** An interrupt closes the channel mid-write; the write fails and is cleaned up. */
  @Test
  void anInterruptedWriterLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("interrupted.h5");
    Files.writeString(target, "old");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try (AtomicFiles.Pending p = AtomicFiles.begin(target)) {
        Thread.currentThread().interrupt();
        p.channel().write(ByteBuffer.wrap(new byte[1024]));
        p.commit();
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    writer.start();
    writer.join(30_000);
    assertTrue(failure.get() instanceof ClosedByInterruptException, String.valueOf(failure.get()));
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("interrupted.h5"), listing());
  }

  /**
   * Ctrl-C or SIGTERM while a big file is being written: try/finally blocks do not run, but the
   * shutdown hook deletes the temporary file. A child JVM writes and is terminated mid-write.
   */
  @Test
  void terminatingTheJvmMidWriteLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("export.h5");
    Files.writeString(target, "previous export");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        WriteForever.class.getName(), target.toString())
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.equals("writing")) {
        lines.add(line);
      }
      assertEquals("writing", line, "child output: " + lines);
      assertEquals(2, listing().size(), "the temporary file exists while the child writes: " + listing());
      child.destroy(); // SIGTERM: shutdown hooks run
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertEquals("previous export", Files.readString(target));
    assertEquals(List.of("export.h5"), listing());
  }

  /** The child of {@link #terminatingTheJvmMidWriteLeavesNoTemporaryFile}: writes until killed. */
  static final class WriteForever {
    public static void main(String[] args) throws Exception {
      try (AtomicFiles.Pending p = AtomicFiles.begin(Path.of(args[0]))) {
        p.channel().write(ByteBuffer.wrap(new byte[1 << 16]));
        System.out.println("writing");
        System.out.flush();
        while (true) {
          p.channel().write(ByteBuffer.wrap(new byte[16]));
          Thread.sleep(20);
        }
      }
    }
  }

  // ------------------------------------------------------------------ folders

  private static final Predicate<Path> HAS_DONE_FILE = p -> Files.isRegularFile(p.resolve("done"));

  private static AtomicFiles.FolderWriter folder(String content) {
    return tmp -> {
      AtomicFiles.writeSynced(tmp.resolve("data"), ch -> AtomicFiles.writeFully(ch, content.getBytes(StandardCharsets.UTF_8)));
      AtomicFiles.writeSynced(tmp.resolve("done"), ch -> { });
    };
  }

  @Test
  void replaceFolderCreatesAndReplacesAsAWhole() throws IOException {
    Path target = dir.resolve("ckpt");
    AtomicFiles.replaceFolder(target, folder("one"), HAS_DONE_FILE);
    Files.writeString(target.resolve("stray.txt"), "not carried over");
    AtomicFiles.replaceFolder(target, tmp -> {
      assertEquals("one", Files.readString(target.resolve("data")), "the old folder is intact while filling");
      folder("two").write(tmp);
    }, HAS_DONE_FILE);
    assertEquals("two", Files.readString(target.resolve("data")));
    assertEquals(List.of("data", "done"), listing(target));
    assertEquals(List.of("ckpt"), listing(), "no temporary or old folder left");
  }

  @Test
  void replaceFolderFailureLeavesTheOldFolderAndNoTemporaryFolder() throws IOException {
    Path target = dir.resolve("ckpt");
    AtomicFiles.replaceFolder(target, folder("one"), HAS_DONE_FILE);
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.replaceFolder(target, tmp -> {
      Files.writeString(tmp.resolve("data"), "half");
      throw new IOException("disk full");
    }, HAS_DONE_FILE));
    assertEquals("disk full", e.getMessage());
    assertThrows(IllegalStateException.class, () -> AtomicFiles.replaceFolder(target, tmp -> {
      throw new IllegalStateException("bug");
    }, HAS_DONE_FILE));
    assertEquals("one", Files.readString(target.resolve("data")));
    assertEquals(List.of("ckpt"), listing());

    Path fresh = dir.resolve("fresh");
    assertThrows(IOException.class, () -> AtomicFiles.replaceFolder(fresh, tmp -> {
      throw new IOException("x");
    }, HAS_DONE_FILE));
    assertEquals(List.of("ckpt"), listing(), "a failed first write leaves nothing");
  }

  /** The state a crash between the two renames leaves: the old folder aside, no target. */
  @Test
  void recoversTheNewestCompleteOldFolder() throws IOException {
    Path target = dir.resolve("ckpt");
    Path older = dir.resolve(".ckpt.old-000001");
    Path newer = dir.resolve(".ckpt.old-000002");
    Path incomplete = dir.resolve(".ckpt.old-000003");
    for (Path p : List.of(older, newer, incomplete)) {
      Files.createDirectory(p);
      Files.writeString(p.resolve("data"), p.getFileName().toString());
    }
    Files.writeString(older.resolve("done"), "");
    Files.writeString(newer.resolve("done"), "");
    Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
    Files.setLastModifiedTime(incomplete, FileTime.fromMillis(3_000_000)); // newest, but not complete

    assertTrue(AtomicFiles.recoverFolder(target, HAS_DONE_FILE));
    assertEquals(".ckpt.old-000002", Files.readString(target.resolve("data")));
    assertFalse(AtomicFiles.recoverFolder(target, HAS_DONE_FILE), "nothing to do once the target exists");
    assertFalse(AtomicFiles.recoverFolder(dir.resolve("other"), HAS_DONE_FILE));
  }

  @Test
  void replaceFolderRecoversFirstAndCleansUpAfterACrash() throws IOException {
    Path target = dir.resolve("ckpt");
    AtomicFiles.replaceFolder(target, folder("one"), HAS_DONE_FILE);
    // crash after "rename ckpt -> .ckpt.old-x", before "rename tmp -> ckpt", with the crashed
    // writer's temporary folder still there
    Files.move(target, dir.resolve(".ckpt.old-abcdef"));
    Files.createDirectory(dir.resolve(".ckpt.tmp-123456"));
    Files.writeString(dir.resolve(".ckpt.tmp-123456/data"), "partial");

    // a failing write must not lose the old folder: it is recovered before the body runs
    assertThrows(IOException.class, () -> AtomicFiles.replaceFolder(target, tmp -> {
      throw new IOException("fails again");
    }, HAS_DONE_FILE));
    assertEquals("one", Files.readString(target.resolve("data")));
    assertEquals(List.of("ckpt"), listing(), "the crashed writer's temporary folder is removed");

    Files.move(target, dir.resolve(".ckpt.old-abcdef"));
    AtomicFiles.replaceFolder(target, folder("two"), HAS_DONE_FILE);
    assertEquals("two", Files.readString(target.resolve("data")));
    assertEquals(List.of("ckpt"), listing(), "the recovered old folder is replaced and deleted");
  }
}
