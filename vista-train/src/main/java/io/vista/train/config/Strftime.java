package io.vista.train.config;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's {@code datetime.strftime} for the directives Hydra's {@code ${now:...}} is used with
 * (C locale). Directives follow the Python documentation, "strftime() and strptime() Format Codes".
 */
final class Strftime {
  private Strftime() {}

  static String format(String pattern, ZonedDateTime t) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      if (i + 1 >= pattern.length()) {
        throw new ConfigException("strftime pattern '" + pattern + "' ends with a lone %");
      }
      char d = pattern.charAt(++i);
      switch (d) {
        case 'Y' -> sb.append(pad(t.getYear(), 4));
        case 'y' -> sb.append(pad(t.getYear() % 100, 2));
        case 'm' -> sb.append(pad(t.getMonthValue(), 2));
        case 'd' -> sb.append(pad(t.getDayOfMonth(), 2));
        case 'H' -> sb.append(pad(t.getHour(), 2));
        case 'I' -> sb.append(pad(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2));
        case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
        case 'M' -> sb.append(pad(t.getMinute(), 2));
        case 'S' -> sb.append(pad(t.getSecond(), 2));
        case 'f' -> sb.append(pad(t.getNano() / 1000, 6));
        case 'j' -> sb.append(pad(t.getDayOfYear(), 3));
        case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
        case 'u' -> sb.append(t.getDayOfWeek().getValue());
        case 'b' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'z' -> sb.append(offset(t.getOffset().getTotalSeconds()));
        case 'Z' -> sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 's' -> sb.append(t.toEpochSecond());
        case '%' -> sb.append('%');
        default -> throw new ConfigException("strftime directive %" + d + " in '" + pattern
            + "' is not supported (supported: %Y %y %m %d %H %I %p %M %S %f %j %a %A %w %u %b %B %z %Z %s %%)");
      }
    }
    return sb.toString();
  }

  private static String pad(long v, int width) {
    String s = Long.toString(v);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  /** Python's %z: +HHMM, with seconds only when the offset has them. */
  private static String offset(int totalSeconds) {
    char sign = totalSeconds < 0 ? '-' : '+';
    int abs = Math.abs(totalSeconds);
    String s = sign + pad(abs / 3600, 2) + pad(abs / 60 % 60, 2);
    return abs % 60 == 0 ? s : s + pad(abs % 60, 2);
  }
}
