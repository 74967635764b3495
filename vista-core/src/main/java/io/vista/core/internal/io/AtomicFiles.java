package io.vista.core.internal.io;

import io.vista.core.VistaException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The one place where vista-java replaces files and folders: every writer (checkpoints,
 * safetensors, HDF5 files, reports, run configuration) goes through it, so a reader sees either the
 * previous file or the complete new one, never a partial write.
 *
 * <p><b>Files.</b> The content goes to a sibling {@code .<name>.tmp-<random>} in the target's
 * folder (so the final rename stays within one file system and is atomic on POSIX), is fsynced,
 * renamed over the target, and the folder is fsynced. On any failure, and when the writer is
 * abandoned, the temporary file is deleted and the target is left as it was. Three forms:
 * {@link #write} (a channel), {@link #writeStream} (an {@link OutputStream}) and {@link
 * #writeString} for a body written in one go, and {@link #begin} for a writer that produces a
 * large file incrementally and commits it at the end:
 *
 * <pre>{@code
 * try (AtomicFiles.Pending p = AtomicFiles.begin(target)) {
 *   write(p.channel());   // any amount, any time
 *   p.commit();           // fsync, rename over target, fsync the folder
 * }                       // without commit: the temporary file is deleted, target untouched
 * }</pre>
 *
 * <p><b>Folders.</b> {@link #replaceFolder} fills a sibling temporary folder and swaps it in with
 * two renames; {@link #recoverFolder} repairs the one crash window between them (see there).
 *
 * <p><b>Interruption.</b> A thread interrupt closes the channel (the write then fails and is
 * cleaned up as any failure). If the JVM exits before a write finishes (Ctrl-C, SIGTERM), a
 * shutdown hook deletes the temporary files and folders of every write still in progress. Only a
 * hard kill or power loss leaves a temporary {@code .<name>.tmp-*} behind; it is hidden, never
 * mistaken for the target, and {@link #replaceFolder} removes those of its folder on the next write.
 *
 * <p>One writer per target at a time; concurrent writers to the same target are not supported
 * (the last rename wins).
 */
public final class AtomicFiles {
  private static final String TMP_INFIX = ".tmp-";
  private static final String OLD_INFIX = ".old-";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Temporary files and folders of writes in progress, for the shutdown hook. */
  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

  /** Writes the body of a file through a channel. */
  @FunctionalInterface
  public interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  /**
   * Writes the body of a file through a buffered stream. Closing the stream is allowed (it only
   * flushes); the file is committed when the body returns.
   */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Fills a new, empty folder. */
  @FunctionalInterface
  public interface FolderWriter {
    void write(Path folder) throws IOException;
  }

  private AtomicFiles() {}

  // ------------------------------------------------------------------ files

  /**
   * Writes {@code target} atomically through a channel (see the class comment), creating missing
   * parent folders.
   *
   * @throws VistaException naming {@code target} when the file cannot be written; an unchecked
   *     exception of the body propagates as it is. Either way the target is untouched and no
   *     temporary file remains.
   */
  public static void write(Path target, ChannelWriter body) {
    try (Pending p = begin(target)) {
      body.write(p.channel());
      p.commit();
    } catch (IOException e) {
      throw new VistaException(target + ": cannot write (" + describe(e) + ")", e);
    }
  }

  /** {@link #write} through a buffered {@link OutputStream}. */
  public static void writeStream(Path target, StreamWriter body) {
    write(target, ch -> {
      OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(ch)), 64 << 10);
      body.write(out);
      out.flush();
    });
  }

  /** {@link #write} of a UTF-8 text. */
  public static void writeString(Path target, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, ch -> writeFully(ch, bytes));
  }

  /**
   * Starts an incremental atomic write of {@code target}: creates missing parent folders and the
   * temporary file. Close the returned handle in all cases (try-with-resources); only {@link
   * Pending#commit()} makes the content appear at {@code target}.
   *
   * @throws IOException when the folder or the temporary file cannot be created
   */
  public static Pending begin(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path parent = abs.getParent();
    if (parent == null || abs.getFileName() == null) {
      throw new IOException(target + " is not a file path");
    }
    Files.createDirectories(parent);
    for (int attempt = 0; ; attempt++) {
      Path tmp = temporarySibling(abs);
      try {
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        track(tmp);
        return new Pending(target, abs, tmp, ch);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 3) { // 48 random bits colliding four times: something else is going on
          throw e;
        }
      }
    }
  }

  /**
   * An atomic file write in progress: the content goes to {@link #path()} through {@link
   * #channel()}, and {@link #commit()} moves it to the target. {@link #close()} without a commit
   * deletes the temporary file. Not thread-safe.
   */
  public static final class Pending implements AutoCloseable {
    private final Path target;
    private final Path absolute;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;
    private boolean closed;

    private Pending(Path target, Path absolute, Path temp, FileChannel channel) {
      this.target = target;
      this.absolute = absolute;
      this.temp = temp;
      this.channel = channel;
    }

    /** The file that {@link #commit()} produces, as given to {@link AtomicFiles#begin}. */
    public Path target() {
      return target;
    }

    /** The temporary file being written ({@code .<name>.tmp-<random>} beside the target). */
    public Path path() {
      return temp;
    }

    /** The temporary file's channel, open for writing; {@link #commit()} closes it. */
    public FileChannel channel() {
      return channel;
    }

    /**
     * Forces the content to disk, closes the channel, renames the temporary file over the target
     * and fsyncs the folder. On failure the target is untouched and {@link #close()} still
     * removes the temporary file.
     *
     * @throws IllegalStateException after a commit or close
     */
    public void commit() throws IOException {
      if (committed || closed) {
        throw new IllegalStateException(target + ": already " + (committed ? "committed" : "closed"));
      }
      channel.force(true);
      channel.close();
      move(temp, absolute);
      committed = true;
      untrack(temp);
      fsyncDirectory(absolute.getParent());
    }

    /** Without a successful {@link #commit()}: closes the channel and deletes the temporary file. */
    @Override
    public void close() {
      if (committed || closed) {
        return;
      }
      closed = true;
      try {
        channel.close();
      } catch (IOException e) {
        // the file is being abandoned
      }
      deleteQuietly(temp);
      untrack(temp);
    }
  }

  /** Creates a new file (fails if it exists), writes it through {@code body} and forces it to disk. */
  public static void writeSynced(Path file, ChannelWriter body) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      body.write(ch);
      ch.force(true);
    }
  }

  /** Writes all of {@code bytes} at the channel's position. */
  public static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  // ------------------------------------------------------------------ folders

  /**
   * Replaces the folder {@code target} as a whole, never modifying it in place: {@code body} fills
   * a sibling temporary folder {@code .<name>.tmp-<random>} (its files should be written with
   * {@link #writeSynced}), the folder is fsynced, and only then the two renames swap it in: the
   * existing {@code target} (if any) becomes {@code .<name>.old-<random>}, the temporary folder
   * becomes {@code target}, and the old folder is deleted. If the second rename fails the old
   * folder is renamed back before the failure is reported.
   *
   * <p>A failure before the swap removes the temporary folder and leaves {@code target} as it
   * was. A crash at any moment leaves either the old or the new folder under {@code target}, but
   * for one window: between the two renames there is no {@code target}, only a complete {@code
   * .<name>.old-*}. This method first repairs that state with {@link #recoverFolder} (so the old
   * folder survives a failure of this write too) and removes temporary folders that crashed
   * writes left behind.
   *
   * @param isComplete recognises a complete folder of this kind (used to pick the folder to recover)
   * @throws IOException naming the step that failed; an unchecked exception of the body
   *     propagates as it is. Either way {@code target} is as it was and no temporary folder remains.
   */
  public static void replaceFolder(Path target, FolderWriter body, Predicate<Path> isComplete)
      throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null) {
      throw new IOException(target + " is not a folder path");
    }
    String name = abs.getFileName().toString();
    Files.createDirectories(parent);
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      recoverFolder(abs, isComplete);
    }
    deleteSiblings(parent, name, TMP_INFIX);

    Path tmp = temporarySibling(abs);
    Files.createDirectory(tmp);
    track(tmp);
    boolean swapped = false;
    try {
      body.write(tmp);
      fsyncDirectory(tmp);
      swap(tmp, abs);
      swapped = true;
    } finally {
      if (!swapped) {
        deleteQuietly(tmp);
      }
      untrack(tmp);
    }
    deleteSiblings(parent, name, OLD_INFIX);
  }

  /**
   * Repairs a {@link #replaceFolder} that crashed between its two renames: if {@code target} does
   * not exist, renames the newest {@code .<name>.old-*} sibling that {@code isComplete} accepts
   * back to {@code target} (the old folder: the last one known complete).
   *
   * @return true when {@code target} exists afterwards because of a recovery
   * @throws IOException when a candidate exists but cannot be renamed back
   */
  public static boolean recoverFolder(Path target, Predicate<Path> isComplete) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent) || Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path best = null;
    FileTime bestTime = null;
    for (Path p : siblings(parent, abs.getFileName().toString(), OLD_INFIX)) {
      if (!isComplete.test(p)) {
        continue;
      }
      try {
        FileTime t = Files.getLastModifiedTime(p);
        if (best == null || t.compareTo(bestTime) > 0) {
          best = p;
          bestTime = t;
        }
      } catch (IOException e) {
        // vanished meanwhile; try the others
      }
    }
    if (best == null) {
      return false;
    }
    try {
      move(best, abs);
    } catch (IOException e) {
      if (Files.exists(abs)) {
        return true; // someone else recovered it meanwhile
      }
      throw new IOException(abs + ": missing, and recovering it from " + best.getFileName()
          + " failed (" + describe(e) + ")", e);
    }
    fsyncDirectory(parent);
    return true;
  }

  /** The two renames; if the second fails the old folder is put back before reporting. */
  private static void swap(Path tmp, Path target) throws IOException {
    Path parent = target.getParent();
    Path old = null;
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      old = parent.resolve("." + target.getFileName() + OLD_INFIX + randomTag());
      move(target, old);
    }
    try {
      move(tmp, target);
    } catch (IOException | RuntimeException e) {
      if (old != null) {
        try {
          move(old, target);
        } catch (IOException restoreFailure) {
          e.addSuppressed(restoreFailure);
        }
      }
      throw e;
    }
    fsyncDirectory(parent);
  }

  private static List<Path> siblings(Path parent, String name, String infix) throws IOException {
    String prefix = "." + name + infix;
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
      for (Path p : ds) {
        if (p.getFileName().toString().startsWith(prefix)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** Best-effort cleanup of leftovers; one that cannot be removed does not fail a write. */
  private static void deleteSiblings(Path parent, String name, String infix) {
    try {
      for (Path p : siblings(parent, name, infix)) {
        deleteQuietly(p);
      }
    } catch (IOException e) {
      // leftovers stay; they are hidden and never mistaken for the target
    }
  }

  // ------------------------------------------------------------------ steps

  /** Renames atomically, replacing {@code to} if it is a file. */
  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Some file systems (rare) cannot rename atomically; a plain replace is the best left.
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path temporarySibling(Path abs) {
    return abs.resolveSibling("." + abs.getFileName() + TMP_INFIX + randomTag());
  }

  /** A short random tag for temporary names. */
  private static String randomTag() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
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

  // ------------------------------------------------------------------ exit cleanup

  private static void track(Path tmp) {
    if (HOOK_INSTALLED.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime().addShutdownHook(
            new Thread(AtomicFiles::deleteInProgress, "vista-atomic-files-cleanup"));
      } catch (IllegalStateException | SecurityException e) {
        // already shutting down (or not allowed): the failure paths still clean up
      }
    }
    IN_PROGRESS.add(tmp);
  }

  private static void untrack(Path tmp) {
    IN_PROGRESS.remove(tmp);
  }

  /**
   * Runs at JVM exit: deletes what writes in progress had written so far. Deleting a temporary
   * path never touches a target: after a commit's rename the temporary name no longer exists.
   */
  private static void deleteInProgress() {
    for (Path p : List.copyOf(IN_PROGRESS)) {
      deleteQuietly(p);
    }
  }

  /** Flushes instead of closing, so a body may close its stream before the commit. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
