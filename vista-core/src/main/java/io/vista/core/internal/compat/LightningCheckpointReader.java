package io.vista.core.internal.compat;

import io.vista.core.CheckpointException;
import io.vista.core.internal.io.AtomicFiles;
import io.vista.core.internal.io.NamedTensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch Lightning {@code .ckpt} file (as written by the Python VISTA trainer) in plain
 * Java, executing nothing from the file.
 *
 * <p>{@code torch.save} (PyTorch >= 1.6) writes a ZIP archive: {@code <archive>/data.pkl}, a
 * pickle of the checkpoint dict, and {@code <archive>/data/<key>}, the raw bytes of each tensor
 * storage, referenced from the pickle by persistent ids; PyTorch >= 2.1 adds a {@code
 * <archive>/byteorder} record. The pickle is read by {@link PickleReader} with torch's tensor
 * rebuild functions implemented as strided views over those bytes (see {@code TorchPickle}), so a
 * tensor saved as a transposed view comes out in its logical row-major order. Every entry read
 * is checked against its size and CRC in the zip directory.
 *
 * <p>Only {@code state_dict} and {@code hyper_parameters} are required; when either is missing
 * or not a dict the error lists the keys that were found. Legacy (pre-1.6, non-ZIP) torch files
 * and single storages above 2 GB are not supported.
 */
public final class LightningCheckpointReader {
  private static final String STATE_DICT = "state_dict";
  private static final String HYPER_PARAMETERS = "hyper_parameters";

  private LightningCheckpointReader() {}

  /** Reads {@code ckptFile}; a {@link CheckpointException} naming the file on any problem. */
  public static LightningCheckpoint read(Path ckptFile) {
    checkMagic(ckptFile);
    Map<String, Object> root;
    try (ZipFile zip = new ZipFile(ckptFile.toFile())) {
      String prefix = archivePrefix(zip, ckptFile);
      boolean bigEndian = false;
      ZipEntry order = zip.getEntry(prefix + "byteorder");
      if (order != null) {
        String bo = new String(entryBytes(zip, order, ckptFile + ": "), StandardCharsets.US_ASCII).trim();
        if (!bo.equals("little") && !bo.equals("big")) {
          throw new CheckpointException(ckptFile + ": unknown byteorder record '" + bo + "'");
        }
        bigEndian = bo.equals("big");
      }
      TorchPickle.StorageSource storages = key -> {
        ZipEntry e = zip.getEntry(prefix + "data/" + key);
        if (e == null) {
          throw new CheckpointException("missing storage entry " + prefix + "data/" + key);
        }
        return ByteBuffer.wrap(entryBytes(zip, e, "")); // the reader prefixes the file
      };
      String pkl = prefix + "data.pkl";
      PickleReader reader = new PickleReader(ckptFile + ": " + pkl,
          TorchPickle.persistentLoader(storages, bigEndian), TorchPickle.callables());
      Object top = reader.read(entryBytes(zip, zip.getEntry(pkl), ckptFile + ": "));
      root = stringKeyed(top, ckptFile + ": the checkpoint");
    } catch (ZipException e) {
      throw new CheckpointException(ckptFile + ": not a readable zip archive (truncated or corrupt?): "
          + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(ckptFile + ": no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(ckptFile + ": cannot read (" + AtomicFiles.describe(e) + ")", e);
    }

    Map<String, NamedTensor> stateDict = stateDict(root, ckptFile);
    Map<String, Object> hparams =
        stringKeyed(require(root, HYPER_PARAMETERS, ckptFile), ckptFile + ": '" + HYPER_PARAMETERS + "'");
    Map<String, Object> other = new LinkedHashMap<>(root);
    other.remove(STATE_DICT);
    other.remove(HYPER_PARAMETERS);
    return new LightningCheckpoint(ckptFile, hparams, stateDict, other);
  }

  private static Map<String, NamedTensor> stateDict(Map<String, Object> root, Path file) {
    Map<String, Object> raw = stringKeyed(require(root, STATE_DICT, file), file + ": '" + STATE_DICT + "'");
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      if (!(e.getValue() instanceof NamedTensor t)) {
        throw new CheckpointException(file + ": state_dict['" + e.getKey() + "'] is a "
            + PickleReader.typeName(e.getValue()) + ", not a readable tensor");
      }
      out.put(e.getKey(), t);
    }
    return out;
  }

  private static Object require(Map<String, Object> root, String key, Path file) {
    if (!root.containsKey(key)) {
      throw new CheckpointException(file + ": no '" + key + "' in checkpoint (found keys: "
          + String.join(", ", root.keySet()) + ")");
    }
    return root.get(key);
  }

  /**
   * A dict (or a dict subclass the reader kept as a placeholder with items) as a string-keyed
   * map; {@code what} names it in the error otherwise.
   */
  static Map<String, Object> stringKeyed(Object o, String what) {
    Map<?, ?> m;
    if (o instanceof Map<?, ?> map) {
      m = map;
    } else if (o instanceof PickledObject p && (!p.dictItems().isEmpty() || (p.args().isEmpty() && !p.hasState()))) {
      m = p.dictItems();
    } else {
      throw new CheckpointException(what + " is a " + PickleReader.typeName(o) + ", not a dict");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.put(String.valueOf(e.getKey()), e.getValue());
    }
    return out;
  }

  private static void checkMagic(Path file) {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file + ": no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read (" + AtomicFiles.describe(e) + ")", e);
    }
    if (n == 4 && head[0] == 'P' && head[1] == 'K') {
      return;
    }
    if (n > 0 && (head[0] & 0xFF) == 0x80) {
      throw new CheckpointException(file + ": legacy (pre-1.6, non-zip) torch serialization is not "
          + "supported; re-save it with a current torch.save");
    }
    throw new CheckpointException(file + ": not a torch.save zip archive (" + n + "-byte header "
        + "does not start with 'PK')");
  }

  /** The {@code <archive>/} folder holding {@code data.pkl} (one level deep, as torch writes). */
  private static String archivePrefix(ZipFile zip, Path file) {
    List<String> found = new ArrayList<>();
    Enumeration<? extends ZipEntry> en = zip.entries();
    while (en.hasMoreElements()) {
      String name = en.nextElement().getName();
      if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
        found.add(name.substring(0, name.length() - "data.pkl".length()));
      }
    }
    if (found.size() != 1) {
      throw new CheckpointException(file + ": " + (found.isEmpty() ? "no" : found.size())
          + " <archive>/data.pkl entries in the zip; not a torch.save checkpoint");
    }
    return found.get(0);
  }

  /** The bytes of one entry, size- and CRC-checked; {@code label} prefixes error messages. */
  private static byte[] entryBytes(ZipFile zip, ZipEntry e, String label) {
    if (e.getSize() > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(label + "entry " + e.getName() + " has " + e.getSize()
          + " bytes; entries above 2 GB are not supported");
    }
    byte[] b;
    try (InputStream in = zip.getInputStream(e)) {
      b = in.readAllBytes();
    } catch (IOException ex) {
      throw new CheckpointException(label + "cannot read entry " + e.getName() + " ("
          + AtomicFiles.describe(ex) + ")", ex);
    }
    if (e.getSize() >= 0 && b.length != e.getSize()) {
      throw new CheckpointException(label + "entry " + e.getName() + " has " + b.length
          + " bytes, the zip directory says " + e.getSize());
    }
    if (e.getCrc() != -1) {
      CRC32 crc = new CRC32();
      crc.update(b);
      if (crc.getValue() != e.getCrc()) {
        throw new CheckpointException(label + "entry " + e.getName() + " fails its CRC check (corrupt file)");
      }
    }
    return b;
  }
}
