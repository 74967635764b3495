package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * Expected strings written by hand from Python's documentation of strftime for
 * 2024-03-05 13:04:09.000123 in UTC (a Tuesday, day 65 of a leap year).
 */
class StrftimeTest {
  private static final ZonedDateTime T = ZonedDateTime.of(2024, 3, 5, 13, 4, 9, 123_000, ZoneId.of("UTC"));

  @Test
  void directives() {
    assertEquals("2024-03-05", Strftime.format("%Y-%m-%d", T));
    assertEquals("13-04-09", Strftime.format("%H-%M-%S", T));
    assertEquals("01 PM", Strftime.format("%I %p", T));
    assertEquals("000123", Strftime.format("%f", T));
    assertEquals("24 065", Strftime.format("%y %j", T));
    assertEquals("Tue Tuesday 2 2", Strftime.format("%a %A %w %u", T));
    assertEquals("Mar March", Strftime.format("%b %B", T));
    assertEquals("+0000 UTC", Strftime.format("%z %Z", T));
    assertEquals("100% done", Strftime.format("100%% done", T));
    assertEquals("1709643849", Strftime.format("%s", T));
  }

  @Test
  void midnightAndNoonInTwelveHourClock() {
    assertEquals("12 AM", Strftime.format("%I %p", T.withHour(0)));
    assertEquals("12 PM", Strftime.format("%I %p", T.withHour(12)));
  }

  @Test
  void negativeOffset() {
    assertEquals("-0330", Strftime.format("%z", T.withZoneSameInstant(ZoneId.of("America/St_Johns"))));
  }

  @Test
  void unsupportedDirective() {
    assertEquals("strftime directive %Q in 'x%Q' is not supported (supported: %Y %y %m %d %H %I %p %M %S %f %j %a %A %w %u %b %B %z %Z %s %%)",
        assertThrows(ConfigException.class, () -> Strftime.format("x%Q", T)).getMessage());
  }
}
