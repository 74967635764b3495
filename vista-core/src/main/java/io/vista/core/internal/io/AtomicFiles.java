package io.vista.core.internal.io;

import io.vista.core.CheckpointException;

import io.vista.core.VistaException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * File-system steps shared by the writers: write-to-temp-then-rename with fsync, directory
 * fsync, recursive delete. A rename within one directory is atomic on POSIX file systems, so a
 * reader sees either the old file or the complete new one, never a partial write.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Writes the body of a file through a channel. */
  @FunctionalInterface
  public interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  private AtomicFiles() {}

  /** A short random tag for temporary names. */
  public static String randomTag() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Writes {@code target} atomically: the body goes to {@code .<name>.tmp-<random>} next to it,
   * is fsynced, then renamed over {@code target}, and the directory is fsynced. On any failure
   * the temporary file is removed and {@code target} is untouched.
   */
  public static void write(Path target, ChannelWriter body) {
    Path abs = target.toAbsolutePath();
    Path parent = abs.getParent();
    Path tmp = parent.resolve("." + abs.getFileName() + ".tmp-" + randomTag());
    boolean done = false;
    try {
      Files.createDirectories(parent);
      writeSynced(tmp, body);
      move(tmp, abs);
      fsyncDirectory(parent);
      done = true;
    } catch (IOException e) {
      throw new CheckpointException(target + ": cannot write (" + describe(e) + ")", e);
    } finally {
      if (!done) {
        deleteQuietly(tmp);
      }
    }
  }

  /** Writes a new file through {@code body} and forces it to disk; fails if it exists. */
  public static void writeSynced(Path file, ChannelWriter body) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      body.write(ch);
      ch.force(true);
    }
  }

  /** Renames atomically (replacing {@code to} if it is a file). */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Some file systems (rare) cannot rename atomically; a plain replace is the best left.
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Forces a directory's entries (new names, renames) to disk. Not every platform can open a
   * directory as a channel (Windows cannot); there the rename is as durable as the OS makes it.
   */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort, see above
    }
  }

  /** Deletes a file or a folder tree; missing is fine. */
  public static void deleteRecursively(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
        ds.forEach(children::add);
      }
      for (Path c : children) {
        deleteRecursively(c);
      }
    }
    try {
      Files.deleteIfExists(p);
    } catch (NoSuchFileException e) {
      // raced with another delete: the goal is reached
    }
  }

  /** {@link #deleteRecursively} that never throws: used on failure paths. */
  public static void deleteQuietly(Path p) {
    try {
      deleteRecursively(p);
    } catch (IOException | RuntimeException e) {
      // leave it; the original failure is what the caller reports
    }
  }

  /** A one-line description of an I/O failure for messages. */
  public static String describe(Throwable e) {
    if (e instanceof VistaException) {
      return e.getMessage();
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
  }
}
