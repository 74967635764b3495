package io.vista.train.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses overrides the way Hydra's override grammar does, for the subset a single run needs:
 * {@code key=value}, {@code +key=value}, {@code ++key=value}, {@code ~key[=value]}; values are
 * null, booleans, ints, floats ({@code 1e-4}, {@code inf}, {@code nan}), quoted or unquoted strings
 * (with {@code ${...}} interpolations and backslash escapes), lists {@code [a,b]} and dicts
 * {@code {a:1}}. Sweeps ({@code a,b}) and functions ({@code choice(...)}) need multirun, which is not
 * supported, and are rejected with a message that says so.
 */
final class OverrideParser {
  private static final Pattern KEY =
      Pattern.compile("[A-Za-z0-9_\\-]+([./][A-Za-z0-9_\\-]+)*(@[A-Za-z0-9_.\\-]+)?");
  private static final Pattern INT = Pattern.compile("[+-]?\\d+(_\\d+)*");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?((\\d+(_\\d+)*)?\\.\\d+(_\\d+)*|\\d+(_\\d+)*\\.?)([eE][+-]?\\d+)?");
  private static final Pattern SPECIAL_FLOAT = Pattern.compile("[+-]?(inf|nan)", Pattern.CASE_INSENSITIVE);
  /** Characters that end an unquoted value (Hydra reserves them for lists, dicts, sweeps, functions). */
  private static final String STOP = ",[]{}()'\"";

  private final String text;
  private final String in;
  private int pos;

  private OverrideParser(String text, String in) {
    this.text = text;
    this.in = in;
  }

  static ConfigOverride parse(String text) {
    if (text == null) {
      throw new ConfigException("malformed override: null");
    }
    String s = text.strip();
    ConfigOverride.Kind kind = ConfigOverride.Kind.SET;
    int start = 0;
    if (s.startsWith("++")) {
      kind = ConfigOverride.Kind.FORCE_ADD;
      start = 2;
    } else if (s.startsWith("+")) {
      kind = ConfigOverride.Kind.ADD;
      start = 1;
    } else if (s.startsWith("~")) {
      kind = ConfigOverride.Kind.DELETE;
      start = 1;
    }
    int eq = s.indexOf('=', start);
    String key = (eq < 0 ? s.substring(start) : s.substring(start, eq)).strip();
    if (key.isEmpty()) {
      throw new ConfigException("malformed override '" + text + "': missing key (expected key=value)");
    }
    if (!KEY.matcher(key).matches()) {
      throw new ConfigException("malformed override '" + text + "': '" + key
          + "' is not a key (letters, digits, _ and -, joined by . or /)");
    }
    if (eq < 0) {
      if (kind != ConfigOverride.Kind.DELETE) {
        throw new ConfigException("malformed override '" + text + "': expected key=value"
            + (kind == ConfigOverride.Kind.SET ? " (or ~key to delete)" : ""));
      }
      return new ConfigOverride(kind, key, null, null, false, text);
    }
    OverrideParser p = new OverrideParser(text, s.substring(eq + 1));
    return p.top(kind, key);
  }

  private ConfigOverride top(ConfigOverride.Kind kind, String key) {
    skipSpace();
    if (pos == in.length()) {
      // Hydra: `key=` sets the empty string.
      return new ConfigOverride(kind, key, "", "", true, text);
    }
    Scalar first = element();
    skipSpace();
    if (pos < in.length()) {
      if (in.charAt(pos) == ',') {
        throw error("a sweep (comma-separated values) needs --multirun, which vista-java does not support;"
            + " quote the value for a literal comma, or use [a,b] for a list");
      }
      throw error("unexpected '" + in.charAt(pos) + "' at column " + (pos + 1) + " of the value");
    }
    return new ConfigOverride(kind, key, first.value, first.raw, true, text);
  }

  /** A parsed element with, for unquoted scalars, the text as typed. */
  private record Scalar(Object value, String raw) {}

  private Scalar element() {
    skipSpace();
    if (pos >= in.length()) {
      throw error("missing value at column " + (pos + 1));
    }
    char c = in.charAt(pos);
    if (c == '[') {
      return new Scalar(list(), null);
    }
    if (c == '{') {
      return new Scalar(dict(), null);
    }
    if (c == '\'' || c == '"') {
      return new Scalar(quoted(), null);
    }
    return unquoted();
  }

  private List<Object> list() {
    pos++; // [
    List<Object> out = new ArrayList<>();
    skipSpace();
    if (peek(']')) {
      pos++;
      return out;
    }
    while (true) {
      out.add(element().value);
      skipSpace();
      if (peek(',')) {
        pos++;
      } else if (peek(']')) {
        pos++;
        return out;
      } else {
        throw error("expected ',' or ']' at column " + (pos + 1) + " of the value");
      }
    }
  }

  private Map<String, Object> dict() {
    pos++; // {
    Map<String, Object> out = new LinkedHashMap<>();
    skipSpace();
    if (peek('}')) {
      pos++;
      return out;
    }
    while (true) {
      skipSpace();
      int keyStart = pos;
      while (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos)) || "_-".indexOf(in.charAt(pos)) >= 0)) {
        pos++;
      }
      String k = in.substring(keyStart, pos);
      skipSpace();
      if (k.isEmpty() || !peek(':')) {
        throw error("expected key: value in a dict at column " + (pos + 1) + " of the value");
      }
      pos++;
      out.put(k, element().value);
      skipSpace();
      if (peek(',')) {
        pos++;
      } else if (peek('}')) {
        pos++;
        return out;
      } else {
        throw error("expected ',' or '}' at column " + (pos + 1) + " of the value");
      }
    }
  }

  private String quoted() {
    char q = in.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (pos < in.length()) {
      char c = in.charAt(pos++);
      if (c == '\\' && pos < in.length() && (in.charAt(pos) == q || in.charAt(pos) == '\\')) {
        sb.append(in.charAt(pos++));
      } else if (c == q) {
        return sb.toString();
      } else {
        sb.append(c);
      }
    }
    throw error("unterminated " + (q == '"' ? "double" : "single") + "-quoted string");
  }

  private Scalar unquoted() {
    int start = pos;
    StringBuilder sb = new StringBuilder();
    boolean plain = true; // no escapes and no interpolation: eligible for int/float/bool/null
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == '\\' && pos + 1 < in.length()) {
        sb.append(in.charAt(pos + 1));
        pos += 2;
        plain = false;
      } else if (c == '$' && pos + 1 < in.length() && in.charAt(pos + 1) == '{') {
        int end = interpolationEnd(pos);
        sb.append(in, pos, end);
        pos = end;
        plain = false;
      } else if (c == '(') {
        throw error("functions such as '" + in.substring(start, pos).strip()
            + "(...)' (sweeps, choice, range) need --multirun, which vista-java does not support");
      } else if (STOP.indexOf(c) >= 0) {
        break;
      } else {
        sb.append(c);
        pos++;
      }
    }
    String textValue = sb.toString().strip();
    if (textValue.isEmpty()) {
      throw error("empty element at column " + (start + 1) + " of the value");
    }
    String raw = in.substring(start, pos).strip();
    return new Scalar(plain ? classify(textValue) : textValue, raw);
  }

  /** Index just past the '}' closing the interpolation that starts at {@code from}. */
  private int interpolationEnd(int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < in.length(); i++) {
      char c = in.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    throw error("unterminated interpolation '" + in.substring(from) + "'");
  }

  /** Hydra's primitive types of an unquoted token. */
  static Object classify(String t) {
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("null")) {
      return null;
    }
    if (lower.equals("true") || lower.equals("false")) {
      return Boolean.valueOf(lower);
    }
    if (INT.matcher(t).matches()) {
      String digits = t.replace("_", "");
      try {
        long v = Long.parseLong(digits);
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
      } catch (NumberFormatException e) {
        return t; // too large for 64 bits: keep the text
      }
    }
    if (FLOAT.matcher(t).matches() && t.chars().anyMatch(Character::isDigit)) {
      return Double.parseDouble(t.replace("_", ""));
    }
    if (SPECIAL_FLOAT.matcher(t).matches()) {
      boolean negative = t.startsWith("-");
      if (lower.endsWith("nan")) {
        return Double.NaN;
      }
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return t;
  }

  private boolean peek(char c) {
    return pos < in.length() && in.charAt(pos) == c;
  }

  private void skipSpace() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
  }

  private ConfigException error(String what) {
    return new ConfigException("malformed override '" + text + "': " + what);
  }
}
