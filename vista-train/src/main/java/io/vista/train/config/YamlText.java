package io.vista.train.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML in and out. The YAML 1.2 core schema is used both ways: {@code 1e-4} is a float (as
 * OmegaConf reads it), {@code 16-mixed} a string, and a string that looks like a number is quoted
 * on output so the text reads back as the same value.
 */
final class YamlText {
  private static final Pattern PACKAGE_HEADER = Pattern.compile("^#\\s*@package\\s+(\\S+)\\s*$");

  private YamlText() {}

  /** A parsed config file: its mapping (empty for an empty file) and its {@code # @package} header, or null. */
  record Parsed(Map<String, Object> content, String packageHeader) {}

  static Parsed parse(String text, String fileName) {
    Object doc;
    try {
      LoadSettings settings =
          LoadSettings.builder().setLabel(fileName).setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build();
      doc = new Load(settings).loadFromString(text);
    } catch (MarkedYamlEngineException e) {
      String where = e.getProblemMark().or(e::getContextMark)
          .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      throw new ConfigException(fileName + ": YAML syntax error" + where + ": " + oneLine(problem), e);
    } catch (YamlEngineException e) {
      throw new ConfigException(fileName + ": YAML syntax error: " + oneLine(e.getMessage()), e);
    }
    Map<String, Object> content;
    if (doc == null) {
      content = new LinkedHashMap<>();
    } else if (doc instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> normalized = (Map<String, Object>) normalize(map, fileName, "");
      content = normalized;
    } else {
      throw new ConfigException(fileName + ": top level must be a mapping of keys, found " + Values.describe(doc));
    }
    return new Parsed(content, packageHeader(text));
  }

  /** The {@code # @package X} directive among the comment lines before the first content line. */
  private static String packageHeader(String text) {
    for (String line : text.split("\\R")) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.startsWith("#")) {
        return null;
      }
      Matcher m = PACKAGE_HEADER.matcher(t);
      if (m.matches()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** String keys, Integer/Long/Double numbers, fresh LinkedHashMap/ArrayList containers. */
  private static Object normalize(Object value, String fileName, String path) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        out.put(key, normalize(e.getValue(), fileName, Values.join(path, key)));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(normalize(list.get(i), fileName, Values.join(path, String.valueOf(i))));
      }
      return out;
    }
    if (value instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      throw new ConfigException(fileName + ": " + path + ": integer " + big + " does not fit in 64 bits");
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
        || value instanceof Double || value instanceof Boolean) {
      return value;
    }
    throw new ConfigException(fileName + ": " + path + ": unsupported YAML value of type " + value.getClass().getSimpleName());
  }

  /** Block-style YAML of a tree of maps, lists and scalars. */
  static String dump(Map<String, Object> tree) {
    if (tree.isEmpty()) {
      return "{}\n";
    }
    DumpSettings settings = DumpSettings.builder()
        .setDefaultFlowStyle(FlowStyle.BLOCK)
        .setSchema(new CoreSchema())
        .setIndent(2)
        .setSplitLines(false)
        .build();
    return new Dump(settings, new Representer(settings)).dumpToString(tree);
  }

  /** Floats as Python prints them ({@code 0.0001}, {@code 1e-05}) rather than Java's {@code 1.0E-4}. */
  private static final class Representer extends StandardRepresenter {
    Representer(DumpSettings settings) {
      super(settings);
      this.representers.put(Double.class, data -> representScalar(Tag.FLOAT, yamlFloat((Double) data)));
    }
  }

  static String yamlFloat(double d) {
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    return Interpolator.pythonFloat(d);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
