package io.vista.train.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A config tree: a primary config at the top and one folder per config group. Paths are relative
 * and use {@code /} ({@code module/sae.yaml}); group paths have no extension ({@code module}).
 */
abstract class ConfigSource {
  static final String EXTENSION = ".yaml";

  /** Where the tree lives, for messages. */
  abstract String describe();

  /** Where one file lives, for messages: a full path on disk, or the jar and entry. */
  abstract String locate(String relPath);

  /** Text of the file at {@code relPath}, or empty when it does not exist. */
  abstract Optional<String> read(String relPath);

  /** Whether {@code group} names a folder of configs. */
  abstract boolean isGroup(String group);

  /** Option names (file names without {@code .yaml}) of a group, sorted; "" lists the top level. */
  abstract List<String> options(String group);

  /** Group folders directly under the top level, sorted. */
  abstract List<String> groups();

  /** A folder on disk ({@code --config-dir}). */
  static ConfigSource directory(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new ConfigException("config directory " + root + " does not exist");
    }
    return new DirectorySource(root);
  }

  /**
   * The tree under {@code resourceDir} on a class path, which is a folder while developing and a
   * jar entry prefix once packaged; a jar is read into memory once (a few kilobytes) and closed.
   */
  static ConfigSource classpath(ClassLoader loader, String resourceDir) {
    String marker = resourceDir + "/config" + EXTENSION;
    URL url = loader.getResource(marker);
    if (url == null) {
      throw new ConfigException(
          "bundled configs not found on the class path (" + marker + "); the vista-core jar is incomplete");
    }
    try {
      switch (url.getProtocol()) {
        case "file":
          return new DirectorySource(Path.of(url.toURI()).getParent());
        case "jar":
          return readJar(url, resourceDir);
        default:
          throw new ConfigException("cannot read bundled configs from " + url + " (protocol " + url.getProtocol() + ")");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException("cannot read bundled configs from " + url + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read bundled configs from " + url + ": " + e.getMessage(), e);
    }
  }

  private static ConfigSource readJar(URL url, String resourceDir) throws IOException {
    JarURLConnection connection = (JarURLConnection) url.openConnection();
    // A private JarFile that we may close, rather than the JVM-wide cached one.
    connection.setUseCaches(false);
    String prefix = resourceDir + "/";
    Map<String, String> files = new TreeMap<>();
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!entry.isDirectory() && name.startsWith(prefix) && name.endsWith(EXTENSION)) {
          try (InputStream in = jar.getInputStream(entry)) {
            files.put(name.substring(prefix.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
      return new InMemorySource(files, "classpath:/" + resourceDir + " in " + jar.getName());
    }
  }

  private static final class DirectorySource extends ConfigSource {
    private final Path root;

    DirectorySource(Path root) {
      this.root = root;
    }

    @Override
    String describe() {
      return root.toString();
    }

    @Override
    String locate(String relPath) {
      return root.resolve(relPath).normalize().toString();
    }

    private Optional<Path> resolve(String rel) {
      Path p = root.resolve(rel).normalize();
      return p.startsWith(root) ? Optional.of(p) : Optional.empty();
    }

    @Override
    Optional<String> read(String relPath) {
      Optional<Path> p = resolve(relPath);
      if (p.isEmpty() || !Files.isRegularFile(p.get())) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readString(p.get(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ConfigException("cannot read " + p.get() + ": " + e.getMessage(), e);
      }
    }

    @Override
    boolean isGroup(String group) {
      return !group.isEmpty() && resolve(group).map(Files::isDirectory).orElse(false);
    }

    @Override
    List<String> options(String group) {
      return list(group, false);
    }

    @Override
    List<String> groups() {
      return list("", true);
    }

    private List<String> list(String group, boolean dirs) {
      Optional<Path> dir = group.isEmpty() ? Optional.of(root) : resolve(group);
      if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
        return List.of();
      }
      try (Stream<Path> children = Files.list(dir.get())) {
        return children
            .filter(p -> dirs ? Files.isDirectory(p) : Files.isRegularFile(p) && p.getFileName().toString().endsWith(EXTENSION))
            .map(p -> stripExtension(p.getFileName().toString()))
            .sorted()
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class InMemorySource extends ConfigSource {
    private final Map<String, String> files;
    private final String description;

    InMemorySource(Map<String, String> files, String description) {
      this.files = files;
      this.description = description;
    }

    @Override
    String describe() {
      return description;
    }

    @Override
    String locate(String relPath) {
      return description + "!/" + relPath;
    }

    @Override
    Optional<String> read(String relPath) {
      return Optional.ofNullable(files.get(Path.of(relPath).normalize().toString().replace('\\', '/')));
    }

    @Override
    boolean isGroup(String group) {
      String prefix = group + "/";
      return !group.isEmpty() && files.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    @Override
    List<String> options(String group) {
      String prefix = group.isEmpty() ? "" : group + "/";
      List<String> out = new ArrayList<>();
      for (String k : files.keySet()) {
        if (k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0) {
          out.add(stripExtension(k.substring(prefix.length())));
        }
      }
      return out; // TreeMap keys: already sorted
    }

    @Override
    List<String> groups() {
      return files.keySet().stream()
          .filter(k -> k.indexOf('/') > 0)
          .map(k -> k.substring(0, k.indexOf('/')))
          .distinct()
          .sorted()
          .toList();
    }
  }

  static String stripExtension(String name) {
    return name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
  }
}
