package io.vista.train.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hydra's defaults-list composition. Starting from the primary config, each config's
 * {@code defaults} entries are visited in order: {@code group: option} loads
 * {@code group/option.yaml} (merged at the group's package, i.e. its path with dots), {@code _self_}
 * merges the config's own keys (appended at the end when absent, as in Hydra 1.1+), a bare name
 * loads a config from the same folder. {@code override group: option} (typically in an experiment
 * file) changes another entry's choice, {@code optional} tolerates a missing file,
 * {@code group@pkg} moves the package, and a {@code # @package _global_} header puts a file's keys
 * at the top. Command-line {@code group=option} replaces a choice, {@code +group=option} appends an
 * entry to the primary config's list, {@code ++group=option} does whichever applies, and
 * {@code ~group} removes one.
 */
final class Composer {
  private static final Pattern ENTRY_KEY =
      Pattern.compile("^(?:(override|optional)\\s+)?(/?)([A-Za-z0-9_\\-]+(?:/[A-Za-z0-9_\\-]+)*)(?:@(\\S+))?$");
  private static final int MAX_PASSES = 8;

  private final ConfigSource source;
  private final Map<String, YamlText.Parsed> files = new HashMap<>();
  private final Map<String, Optional<String>> texts = new HashMap<>();

  Composer(ConfigSource source) {
    this.source = source;
  }

  /** The composed tree (interpolations untouched) and the option chosen for each group. */
  record Composition(Map<String, Object> tree, Map<String, String> choices) {}

  /**
   * Composes {@code primary} with the command-line group overrides. Overrides found inside
   * configs (experiment files) can change which files are loaded, so composition repeats until the
   * set of such overrides stops changing (two passes in practice).
   */
  Composition compose(String primary, List<ConfigOverride> groupOverrides) {
    Map<String, ConfigOverride> cli = new LinkedHashMap<>();
    for (ConfigOverride o : groupOverrides) {
      cli.put(o.key(), o); // a later override of the same group wins, like later value overrides
    }
    Map<String, String> fromConfigs = Map.of();
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      Pass p = new Pass(cli, fromConfigs);
      p.visitPrimary(primary);
      p.checkAllApplied();
      if (p.foundOverrides.equals(fromConfigs)) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Merge m : p.merges) {
          Values.merge(tree, Values.atPackage(m.pkg, Values.deepCopyMap(m.content)));
        }
        return new Composition(tree, p.choices);
      }
      fromConfigs = p.foundOverrides;
    }
    throw new ConfigException("'override' entries in the defaults lists keep changing each other: " + fromConfigs);
  }

  private record Merge(String pkg, Map<String, Object> content) {}

  /**
   * One parsed {@code defaults} entry. {@code id} is the group, or {@code group@package} for an
   * entry placed at its own package (so one group can be used twice at different packages);
   * {@code pkg} is null when the file's header or group decides it.
   */
  private record Entry(Type type, String group, String id, String option, String pkg, String file, boolean fromCommandLine) {
    static Entry self(String file) {
      return new Entry(Type.SELF, null, null, null, null, file, false);
    }
  }

  private enum Type { SELF, GROUP, OVERRIDE, OPTIONAL_GROUP, CONFIG }

  /** One walk of the defaults tree with a fixed set of overrides. */
  private final class Pass {
    final Map<String, ConfigOverride> cli;
    final Map<String, String> configOverrides;
    final List<Merge> merges = new ArrayList<>();
    final Map<String, String> choices = new LinkedHashMap<>();
    final Set<String> groupsSeen = new LinkedHashSet<>();
    final Map<String, String> foundOverrides = new LinkedHashMap<>();
    final Map<String, String> overrideFiles = new HashMap<>();
    final List<String> visiting = new ArrayList<>();

    Pass(Map<String, ConfigOverride> cli, Map<String, String> configOverrides) {
      this.cli = cli;
      this.configOverrides = configOverrides;
    }

    void visitPrimary(String name) {
      String file = name.endsWith(ConfigSource.EXTENSION) ? name : name + ConfigSource.EXTENSION;
      if (text(file).isEmpty()) {
        throw new ConfigException("no primary config '" + file + "' in " + source.describe()
            + "; available: " + String.join(", ", source.options("")));
      }
      List<Entry> appended = new ArrayList<>();
      for (ConfigOverride o : cli.values()) {
        if (o.kind() == ConfigOverride.Kind.ADD || o.kind() == ConfigOverride.Kind.FORCE_ADD) {
          String option = optionName(o);
          if (option != null) {
            requireOption(o.key(), option, "override '" + o.text() + "'");
          }
          appended.add(new Entry(Type.GROUP, o.key(), o.key(), option, null, "override '" + o.text() + "'", true));
        }
      }
      visit(file, "", "", appended);
    }

    /**
     * Visits one config file: {@code group} is the folder it sits in ("" at the top), {@code pkg}
     * where its own keys go.
     */
    void visit(String file, String group, String pkg, List<Entry> appended) {
      if (visiting.contains(file)) {
        throw new ConfigException("defaults lists include each other in a loop: "
            + String.join(" -> ", visiting) + " -> " + file);
      }
      visiting.add(file);
      YamlText.Parsed parsed = load(file);
      Map<String, Object> own = new LinkedHashMap<>(parsed.content());
      Object defaults = own.remove("defaults");
      List<Entry> entries = entries(defaults, file, group, pkg);
      if (entries.stream().noneMatch(e -> e.type == Type.SELF)) {
        entries.add(Entry.self(file));
      }
      entries.addAll(appended);
      for (Entry e : entries) {
        switch (e.type) {
          case SELF -> {
            if (!own.isEmpty()) { // an empty file (only a defaults list) leaves no empty section behind
              merges.add(new Merge(pkg, own));
            }
          }
          case OVERRIDE -> {
            foundOverrides.put(e.id, e.option);
            overrideFiles.put(e.id, file);
          }
          case CONFIG -> visitConfig(e, group);
          case GROUP, OPTIONAL_GROUP -> visitGroup(e);
        }
      }
      visiting.remove(visiting.size() - 1);
    }

    private void visitConfig(Entry e, String group) {
      String rel = (group.isEmpty() ? "" : group + "/") + e.option + ConfigSource.EXTENSION;
      if (text(rel).isEmpty()) {
        throw new ConfigException(e.file + ": defaults entry '" + e.option + "': no config " + rel + " in "
            + source.describe() + "; available: " + String.join(", ", source.options(group)));
      }
      String pkg = e.pkg != null ? e.pkg : headerPackage(rel, group);
      visit(rel, group, pkg, List.of());
    }

    private void visitGroup(Entry e) {
      String g = e.group;
      String id = e.id;
      ConfigOverride o = cli.get(id);
      if (groupsSeen.contains(id)) {
        if (!e.fromCommandLine) {
          throw new ConfigException(e.file + ": group '" + id + "' appears twice in the defaults lists");
        }
        if (o.kind() == ConfigOverride.Kind.ADD) {
          throw new ConfigException("override '" + o.text() + "': group '" + g + "' is already in the defaults list"
              + " (option '" + choices.get(id) + "'); use " + g + "=OPTION to change it");
        }
        return; // ++group=option already acted as group=option where the group was listed
      }
      groupsSeen.add(id);
      String option = configOverrides.getOrDefault(id, e.option);
      boolean changedByCli = o != null && !e.fromCommandLine;
      if (changedByCli) {
        switch (o.kind()) {
          case SET, FORCE_ADD -> option = optionName(o);
          case ADD -> throw new ConfigException("override '" + o.text() + "': group '" + g
              + "' is already in the defaults list (option '" + option + "'); use " + g + "=OPTION to change it");
          case DELETE -> {
            if (o.hasValue() && !Objects.equals(optionName(o), option)) {
              throw new ConfigException("override '" + o.text() + "': group '" + g + "' is '" + option
                  + "', not '" + o.value() + "'");
            }
            option = null;
          }
        }
      }
      choices.put(id, option);
      if (option == null) {
        return;
      }
      if (Values.MISSING.equals(option)) {
        throw new ConfigException("group '" + g + "' has no default (???): choose one with " + g + "=OPTION; valid options: "
            + String.join(", ", source.options(g)));
      }
      String rel = g + "/" + option + ConfigSource.EXTENSION;
      if (text(rel).isEmpty()) {
        if (e.type == Type.OPTIONAL_GROUP && !changedByCli) {
          return;
        }
        requireOption(g, option, changedByCli ? "override '" + o.text() + "'" : e.file);
      }
      String pkg = e.pkg != null ? e.pkg : headerPackage(rel, g);
      visit(rel, g, pkg, List.of());
    }

    void checkAllApplied() {
      for (ConfigOverride o : cli.values()) {
        if ((o.kind() == ConfigOverride.Kind.SET || o.kind() == ConfigOverride.Kind.DELETE) && !groupsSeen.contains(o.key())) {
          String verb = o.kind() == ConfigOverride.Kind.SET ? "override" : "delete";
          throw new ConfigException("could not " + verb + " group '" + o.key() + "' (" + o.text()
              + "): it is not in the defaults list" + (o.kind() == ConfigOverride.Kind.SET
                  ? "; use +" + o.key() + "=OPTION to add it" : ""));
        }
      }
      for (Map.Entry<String, String> e : foundOverrides.entrySet()) {
        if (!groupsSeen.contains(e.getKey())) {
          throw new ConfigException(overrideFiles.get(e.getKey()) + ": 'override " + e.getKey()
              + "' has no '" + e.getKey() + "' entry in the defaults list to override");
        }
        String group = e.getKey().contains("@") ? e.getKey().substring(0, e.getKey().indexOf('@')) : e.getKey();
        requireOption(group, e.getValue(), overrideFiles.get(e.getKey()));
      }
    }
  }

  /** The option named by a group override; a group takes a single option name or null. */
  private static String optionName(ConfigOverride o) {
    if (!o.hasValue()) {
      return null;
    }
    Object v = o.value();
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof List<?> || v instanceof Map<?, ?>) {
      throw new ConfigException("override '" + o.text() + "': group '" + o.key()
          + "' takes one option name (selecting several options of a group is not supported)");
    }
    return o.raw() != null ? o.raw() : String.valueOf(v);
  }

  private void requireOption(String group, String option, String where) {
    if (text(group + "/" + option + ConfigSource.EXTENSION).isEmpty()) {
      List<String> valid = source.options(group);
      throw new ConfigException(where + ": unknown option '" + option + "' for group '" + group + "'; valid options: "
          + (valid.isEmpty() ? "(none)" : String.join(", ", valid)));
    }
  }

  /** A file's text, read once per composition. */
  private Optional<String> text(String rel) {
    return texts.computeIfAbsent(rel, source::read);
  }

  private YamlText.Parsed load(String rel) {
    return files.computeIfAbsent(rel, r -> YamlText.parse(
        text(r).orElseThrow(() -> new ConfigException("no config " + r + " in " + source.describe())),
        source.locate(r)));
  }

  /** The package a file's own keys go to: its {@code # @package} header, else its group path. */
  private String headerPackage(String rel, String group) {
    String header = load(rel).packageHeader();
    if (header == null || header.equals("_group_")) {
      return packageOf(group);
    }
    if (header.equals("_global_")) {
      return "";
    }
    if (header.startsWith("_global_.")) {
      return header.substring("_global_.".length());
    }
    return header.replace("_group_", packageOf(group));
  }

  private static String packageOf(String group) {
    return group.replace('/', '.');
  }

  /** Parses a config's {@code defaults} list. */
  private List<Entry> entries(Object defaults, String file, String group, String parentPkg) {
    List<Entry> out = new ArrayList<>();
    if (defaults == null) {
      return out;
    }
    if (!(defaults instanceof List<?> list)) {
      throw new ConfigException(file + ": 'defaults' must be a list, found " + Values.describe(defaults));
    }
    for (Object item : list) {
      if ("_self_".equals(item)) {
        if (out.stream().anyMatch(x -> x.type == Type.SELF)) {
          throw new ConfigException(file + ": _self_ appears twice in the defaults list");
        }
        out.add(Entry.self(file));
      } else if (item instanceof String name) {
        out.add(new Entry(Type.CONFIG, null, null, name, null, file, false));
      } else if (item instanceof Map<?, ?> map && map.size() == 1) {
        Map.Entry<?, ?> kv = map.entrySet().iterator().next();
        out.add(groupEntry(String.valueOf(kv.getKey()), kv.getValue(), file, group, parentPkg));
      } else {
        throw new ConfigException(file + ": bad defaults entry " + Values.describe(item)
            + " (expected 'group: option', a config name or _self_)");
      }
    }
    return out;
  }

  private Entry groupEntry(String key, Object value, String file, String group, String parentPkg) {
    Matcher m = ENTRY_KEY.matcher(key.strip());
    if (!m.matches()) {
      throw new ConfigException(file + ": bad defaults entry key '" + key + "'");
    }
    String keyword = m.group(1);
    boolean absolute = !m.group(2).isEmpty();
    String g = absolute || group.isEmpty() ? m.group(3) : group + "/" + m.group(3);
    if (!(value == null || value instanceof String)) {
      throw new ConfigException(file + ": defaults entry '" + key + "' must name one option, found " + Values.describe(value));
    }
    String option = (String) value;
    if (option != null && option.contains("${")) {
      throw new ConfigException(file + ": defaults entry '" + key + "': interpolated options are not supported");
    }
    if (!source.isGroup(g)) {
      throw new ConfigException(file + ": defaults entry '" + key + "': no config group '" + g + "' in "
          + source.describe() + "; groups: " + String.join(", ", source.groups()));
    }
    String id = m.group(4) == null ? g : g + "@" + m.group(4);
    if ("override".equals(keyword)) {
      return new Entry(Type.OVERRIDE, g, id, option, null, file, false);
    }
    String pkg = null;
    if (m.group(4) != null) {
      String at = m.group(4);
      if (at.equals("_global_")) {
        pkg = "";
      } else if (at.startsWith("_global_.")) {
        pkg = at.substring("_global_.".length());
      } else {
        pkg = Values.join(parentPkg, at.replace("_group_", packageOf(g)));
      }
    }
    return new Entry("optional".equals(keyword) ? Type.OPTIONAL_GROUP : Type.GROUP, g, id, option, pkg, file, false);
  }
}
