package io.vista.eval.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.vista.core.internal.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a JSON tree (maps keep their insertion order, so keys come out in the order built) the way
 * evaluation.py does -- two-space indentation, NaN and infinities as the bare tokens Python's {@code json}
 * writes -- and atomically ({@link AtomicFiles}): into a temp file beside the target, fsynced, then renamed
 * over it, so a reader never sees a half-written file and a failed run leaves the previous file as it was.
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
    AtomicFiles.writeString(target, toJson(tree));
  }
}
