package io.vista.eval.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.vista.core.VistaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a JSON tree (maps keep their insertion order, so keys come out in the order built) the way
 * evaluation.py does -- two-space indentation, NaN and infinities as the bare tokens Python's {@code json}
 * writes -- and atomically: into a temp file beside the target, fsynced, then renamed over it, so a reader
 * never sees a half-written file and a failed run leaves the previous file as it was.
 */
public final class JsonReportWriter {
  private static final Gson GSON = new GsonBuilder()
      .setPrettyPrinting()
      .disableHtmlEscaping()
      .serializeNulls()
      .serializeSpecialFloatingPointValues()
      .create();

  private JsonReportWriter() {}

  /** The JSON text of {@code tree}, ending with a newline. */
  public static String toJson(Map<String, ?> tree) {
    return GSON.toJson(tree) + "\n";
  }

  /** Writes {@code tree} to {@code target} atomically, creating the parent folders. */
  public static void write(Path target, Map<String, ?> tree) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    byte[] bytes = toJson(tree).getBytes(StandardCharsets.UTF_8);
    Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDirectory(dir);
    } catch (IOException e) {
      throw new VistaException(target + ": cannot write (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + ")", e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the temp file is hidden and named after the target
      }
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // some file systems cannot sync a directory; the rename itself is still atomic
    }
  }
}
