package io.vista.core.internal.io;

import io.vista.core.CheckpointException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes checkpoint folders in the SAELens layout, which is self-describing: the folder
 * alone rebuilds the model.
 *
 * <pre>
 *   dir/cfg.json                  model configuration (pretty JSON)
 *   dir/sae_weights.safetensors   the SAE's tensors (float32 W_enc, W_dec, b_enc, b_dec, ...)
 *   dir/optimizer.safetensors     optional: optimizer slots and counters, for exact resumption
 *   dir/trainer_state.json        optional: epoch, global step, best validation loss, ...
 * </pre>
 *
 * <p><b>Atomicity.</b> {@link #write} never modifies {@code dir} in place: it goes through
 * {@link AtomicFiles#replaceFolder}, which writes every file into a sibling temporary folder
 * {@code .<name>.tmp-<random>}, fsyncs the files and the folder, and only then swaps the folder in
 * with two renames (the old one aside to {@code .<name>.old-<random>}, the new one in, the old one
 * deleted). A failure before the swap leaves the old checkpoint as it was; a crash at any moment
 * leaves either the old or the new checkpoint under {@code dir} -- with one window: a crash between
 * the two renames leaves no {@code dir} but a complete {@code .<name>.old-*}. {@link #read} and
 * {@link #write} recover from that by renaming the newest such checkpoint folder back to {@code
 * dir} (the last one known complete). Leftover temporary folders of crashed writes are removed by
 * the next write of the same checkpoint.
 *
 * <p>The folder is owned by the store: a write replaces it as a whole, so files that other tools
 * put into it are not carried over. A write refuses to replace an existing non-empty folder that
 * is not a checkpoint, so a wrong path cannot delete unrelated data.
 *
 * <p>One writer per checkpoint at a time; concurrent writers to the same {@code dir} are not
 * supported.
 */
public final class CheckpointStore {
  /** Model configuration file. */
  public static final String CFG_FILE = "cfg.json";
  /** SAE weights file. */
  public static final String WEIGHTS_FILE = "sae_weights.safetensors";
  /** Linear-probe weights file (a probe checkpoint holds this instead of {@link #WEIGHTS_FILE}). */
  public static final String PROBE_WEIGHTS_FILE = "probe_weights.safetensors";
  /** Optional optimizer state file. */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";
  /** Optional trainer state file. */
  public static final String TRAINER_STATE_FILE = "trainer_state.json";

  private static final Gson PRETTY = new GsonBuilder()
      .setPrettyPrinting()
      .disableHtmlEscaping()
      .serializeNulls()
      // A best-validation-loss of +Infinity before the first evaluation must not fail the write;
      // Python's json module reads and writes these tokens too.
      .serializeSpecialFloatingPointValues()
      .create();

  private CheckpointStore() {}

  /**
   * Writes a checkpoint atomically (see the class comment).
   *
   * @param dir the checkpoint folder; replaced as a whole if it exists
   * @param cfg model configuration, written to {@code cfg.json}
   * @param weights tensors for {@code sae_weights.safetensors}
   * @param optimizerState tensors for {@code optimizer.safetensors}; null or empty: no file
   * @param trainerState contents of {@code trainer_state.json}; null: no file
   */
  public static void write(
      Path dir,
      JsonObject cfg,
      Map<String, NamedTensor> weights,
      Map<String, NamedTensor> optimizerState,
      JsonObject trainerState) {
    write(dir, cfg, WEIGHTS_FILE, weights, optimizerState, trainerState);
  }

  /** As above, with the weights in {@code weightsFile} ({@link #WEIGHTS_FILE} or {@link #PROBE_WEIGHTS_FILE}). */
  public static void write(
      Path dir,
      JsonObject cfg,
      String weightsFile,
      Map<String, NamedTensor> weights,
      Map<String, NamedTensor> optimizerState,
      JsonObject trainerState) {
    if (!weightsFile.equals(WEIGHTS_FILE) && !weightsFile.equals(PROBE_WEIGHTS_FILE)) {
      throw new IllegalArgumentException("weights file must be " + WEIGHTS_FILE + " or " + PROBE_WEIGHTS_FILE);
    }
    if (cfg == null || weights == null) {
      throw new IllegalArgumentException("cfg and weights are required");
    }
    Path target = dir.toAbsolutePath().normalize();
    checkReplaceable(target);
    try {
      AtomicFiles.replaceFolder(target, tmp -> {
        writeJson(tmp.resolve(CFG_FILE), cfg);
        writeTensors(tmp.resolve(weightsFile), weights);
        if (optimizerState != null && !optimizerState.isEmpty()) {
          writeTensors(tmp.resolve(OPTIMIZER_FILE), optimizerState);
        }
        if (trainerState != null) {
          writeJson(tmp.resolve(TRAINER_STATE_FILE), trainerState);
        }
      }, CheckpointStore::isCheckpointDir);
    } catch (IOException e) {
      throw new CheckpointException(target + ": cannot write checkpoint (" + AtomicFiles.describe(e) + ")", e);
    }
  }

  /**
   * Reads a checkpoint folder, or a plain SAELens folder ({@code cfg.json} and {@code
   * sae_weights.safetensors} only). If {@code dir} does not exist but a complete {@code
   * .<name>.old-*} sibling does (a write crashed between its two renames), that folder is renamed
   * back to {@code dir} first and read.
   *
   * @throws CheckpointException naming the file when the folder or one of its files is missing,
   *     truncated or malformed
   */
  public static Checkpoint read(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    if (!Files.exists(target) && !recover(target)) {
      throw new CheckpointException(dir + ": no such checkpoint folder");
    }
    if (!Files.isDirectory(target)) {
      throw new CheckpointException(dir + ": not a folder (a checkpoint is a folder with " + CFG_FILE
          + " and " + WEIGHTS_FILE + ")");
    }
    JsonObject cfg = readJson(requireFile(dir, CFG_FILE));
    String weightsName = Files.isRegularFile(dir.resolve(WEIGHTS_FILE)) || !Files.isRegularFile(dir.resolve(PROBE_WEIGHTS_FILE))
        ? WEIGHTS_FILE : PROBE_WEIGHTS_FILE;
    Map<String, NamedTensor> weights = SafeTensors.read(requireFile(dir, weightsName));
    Path opt = dir.resolve(OPTIMIZER_FILE);
    Map<String, NamedTensor> optimizer = Files.exists(opt) ? SafeTensors.read(opt) : Map.of();
    Path ts = dir.resolve(TRAINER_STATE_FILE);
    JsonObject trainerState = Files.exists(ts) ? readJson(ts) : null;
    return new Checkpoint(dir, cfg, weights, optimizer, trainerState);
  }

  /** True when {@code p} is a folder holding at least {@code cfg.json} and a weights file. */
  public static boolean isCheckpointDir(Path p) {
    return Files.isDirectory(p)
        && Files.isRegularFile(p.resolve(CFG_FILE))
        && (Files.isRegularFile(p.resolve(WEIGHTS_FILE)) || Files.isRegularFile(p.resolve(PROBE_WEIGHTS_FILE)));
  }

  /** True when {@code p} is a probe checkpoint folder ({@link #PROBE_WEIGHTS_FILE}). */
  public static boolean isProbeCheckpointDir(Path p) {
    return Files.isDirectory(p) && Files.isRegularFile(p.resolve(CFG_FILE))
        && Files.isRegularFile(p.resolve(PROBE_WEIGHTS_FILE));
  }

  // ------------------------------------------------------------------ steps

  private static void writeJson(Path file, JsonObject obj) throws IOException {
    byte[] bytes = (PRETTY.toJson(obj) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.writeSynced(file, ch -> AtomicFiles.writeFully(ch, bytes));
  }

  private static void writeTensors(Path file, Map<String, NamedTensor> tensors) throws IOException {
    AtomicFiles.writeSynced(file, ch -> SafeTensors.writeTo(ch, file, tensors, Map.of()));
  }

  /** {@link AtomicFiles#recoverFolder} for a checkpoint folder, failures as CheckpointExceptions. */
  private static boolean recover(Path target) {
    try {
      return AtomicFiles.recoverFolder(target, CheckpointStore::isCheckpointDir);
    } catch (IOException e) {
      throw new CheckpointException(AtomicFiles.describe(e), e);
    }
  }

  private static void checkReplaceable(Path target) {
    if (!Files.exists(target) || isCheckpointDir(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new CheckpointException(target + ": exists and is not a folder; refusing to replace it");
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
      if (ds.iterator().hasNext()) {
        throw new CheckpointException(
            target + ": exists and is not a checkpoint folder (no " + CFG_FILE + " + " + WEIGHTS_FILE
                + "); refusing to replace it");
      }
    } catch (IOException e) {
      throw new CheckpointException(target + ": cannot list (" + AtomicFiles.describe(e) + ")", e);
    }
  }

  private static Path requireFile(Path dir, String name) {
    Path f = dir.resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new CheckpointException(f + ": missing (a checkpoint folder needs " + CFG_FILE + " and "
          + WEIGHTS_FILE + ")");
    }
    return f;
  }

  private static JsonObject readJson(Path file) {
    JsonElement el;
    try {
      el = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read (" + AtomicFiles.describe(e) + ")", e);
    } catch (JsonParseException e) {
      throw new CheckpointException(file + ": not valid JSON (truncated?): " + oneLine(e), e);
    }
    if (!el.isJsonObject()) {
      throw new CheckpointException(file + ": not a JSON object (empty or truncated?)");
    }
    return el.getAsJsonObject();
  }

  private static String oneLine(Throwable e) {
    Throwable t = e.getCause() != null ? e.getCause() : e;
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
