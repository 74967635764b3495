package io.vista.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string value split into literal text and OmegaConf interpolations: {@code ${a.b}} key
 * references (the key may itself contain interpolations) and {@code ${name:arg,...}} resolver
 * calls, whose arguments are quoted strings or unquoted text with nested interpolations and
 * backslash escapes, trimmed of surrounding whitespace. <code>\${</code> is a literal <code>${</code>.
 */
final class Template {
  private static final Pattern RESOLVER_NAME = Pattern.compile("\\s*([A-Za-z_][\\w.\\-]*)\\s*:");

  private Template() {}

  /** A piece of a parsed string. */
  sealed interface Part permits Lit, Ref, Call {}

  /** Literal text. */
  record Lit(String text) implements Part {}

  /** {@code ${key}}. */
  record Ref(List<Part> key) implements Part {}

  /** {@code ${name:args}}. */
  record Call(String name, List<Arg> args) implements Part {}

  /** One resolver argument. */
  record Arg(List<Part> parts, boolean quoted) {}

  /** Parses {@code s}; {@code error} turns a problem description into the exception to throw. */
  static List<Part> parse(String s, Function<String, ConfigException> error) {
    return new Parser(s, error).parseValue();
  }

  /** Recursive-descent parser of one string value into literal and interpolation parts. */
  private static final class Parser {
    private final String s;
    private final Function<String, ConfigException> error;
    private int pos;

    Parser(String s, Function<String, ConfigException> error) {
      this.s = s;
      this.error = error;
    }

    List<Part> parseValue() {
      List<Part> parts = new ArrayList<>();
      StringBuilder lit = new StringBuilder();
      while (pos < s.length()) {
        if (s.startsWith("\\${", pos)) {
          lit.append("${");
          pos += 3;
        } else if (s.startsWith("${", pos)) {
          flush(lit, parts);
          parts.add(interpolation());
        } else {
          lit.append(s.charAt(pos++));
        }
      }
      flush(lit, parts);
      return parts;
    }

    private static void flush(StringBuilder lit, List<Part> parts) {
      if (lit.length() > 0) {
        parts.add(new Lit(lit.toString()));
        lit.setLength(0);
      }
    }

    /** At "${": a key reference or a resolver call, up to its closing brace. */
    private Part interpolation() {
      pos += 2;
      Matcher m = RESOLVER_NAME.matcher(s).region(pos, s.length());
      if (m.lookingAt()) {
        String name = m.group(1);
        pos = m.end();
        return new Call(name, arguments());
      }
      List<Part> key = new ArrayList<>();
      StringBuilder lit = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error.apply("unterminated ${");
        }
        char c = s.charAt(pos);
        if (c == '}') {
          pos++;
          flush(lit, key);
          if (key.isEmpty()) {
            throw error.apply("empty ${}");
          }
          return new Ref(key);
        }
        if (s.startsWith("${", pos)) {
          flush(lit, key);
          key.add(interpolation());
        } else {
          lit.append(c);
          pos++;
        }
      }
    }

    private List<Arg> arguments() {
      List<Arg> args = new ArrayList<>();
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return args;
      }
      while (true) {
        args.add(argument());
        if (pos >= s.length()) {
          throw error.apply("unterminated ${");
        }
        char c = s.charAt(pos++);
        if (c == '}') {
          return args;
        }
        // c == ','
      }
    }

    /** One argument, leaving pos at the ',' or '}' after it. */
    private Arg argument() {
      skipSpace();
      if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"')) {
        char q = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (pos >= s.length()) {
            throw error.apply("unterminated quoted argument");
          }
          char c = s.charAt(pos++);
          if (c == '\\' && pos < s.length()) {
            sb.append(s.charAt(pos++));
          } else if (c == q) {
            break;
          } else {
            sb.append(c);
          }
        }
        skipSpace();
        expectSeparator();
        return new Arg(List.of(new Lit(sb.toString())), true);
      }
      List<Part> parts = new ArrayList<>();
      StringBuilder lit = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ',' || c == '}') {
          break;
        }
        if (c == '\\' && pos + 1 < s.length()) {
          lit.append(s.charAt(pos + 1));
          pos += 2;
        } else if (s.startsWith("${", pos)) {
          flush(lit, parts);
          parts.add(interpolation());
        } else {
          lit.append(c);
          pos++;
        }
      }
      flush(lit, parts);
      expectSeparator();
      trim(parts);
      if (parts.isEmpty()) {
        parts.add(new Lit(""));
      }
      return new Arg(parts, false);
    }

    /** Unquoted arguments lose surrounding whitespace, as in OmegaConf's grammar. */
    private static void trim(List<Part> parts) {
      if (!parts.isEmpty() && parts.get(0) instanceof Lit first) {
        String t = first.text().stripLeading();
        if (t.isEmpty()) {
          parts.remove(0);
        } else {
          parts.set(0, new Lit(t));
        }
      }
      if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Lit last) {
        String t = last.text().stripTrailing();
        if (t.isEmpty()) {
          parts.remove(parts.size() - 1);
        } else {
          parts.set(parts.size() - 1, new Lit(t));
        }
      }
    }

    private void expectSeparator() {
      if (pos >= s.length()) {
        throw error.apply("unterminated ${");
      }
      char c = s.charAt(pos);
      if (c != ',' && c != '}') {
        throw error.apply("expected ',' or '}' after an argument, found '" + c + "'");
      }
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }
  }
}
