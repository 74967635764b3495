package io.vista.core.internal.text;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)} in Java, so messages and YAML show numbers as the Python project
 * and its users write them ({@code 0.0001}, {@code 1e-05}, {@code nan}).
 */
public final class PythonFloat {
  private PythonFloat() {}

  /** {@code repr(d)}: shortest round-trip digits, positional for 1e-4 &lt;= |d| &lt; 1e16. */
  public static String repr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    double abs = Math.abs(d);
    if (abs == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    if (abs >= 1e-4 && abs < 1e16) {
      String plain = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String s = Double.toString(d); // shortest round-trip digits, e.g. 1.0E-5
    int e = s.indexOf('E');
    String mantissa = s.substring(0, e);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    int exp = Integer.parseInt(s.substring(e + 1));
    String digits = Integer.toString(Math.abs(exp));
    return mantissa + "e" + (exp < 0 ? "-" : "+") + (digits.length() < 2 ? "0" + digits : digits);
  }
}
