package io.vista.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies classpath test resources (this module's or vista-core's test jar) to real files. */
public final class TestFiles {
  private TestFiles() {}

  /** The resource {@code name} (e.g. "/e2e/ve.h5") copied into {@code dir} under its file name. */
  public static Path copy(String name, Path dir) {
    try (InputStream in = TestFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      Path out = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A folder resource (given its file names) copied into {@code dir/<folder name>}. */
  public static Path copyFolder(String folder, Path dir, String... files) {
    Path out = dir.resolve(folder.substring(folder.lastIndexOf('/') + 1));
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String f : files) {
      copy(folder + "/" + f, out);
    }
    return out;
  }
}
