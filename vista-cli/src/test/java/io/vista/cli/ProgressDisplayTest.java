package io.vista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each mode of the display, on a hand-driven clock: what appears on stdout and stderr, and when. */
class ProgressDisplayTest {
  private static final long SECOND = 1_000_000_000L;
  // 12:34:56 UTC
  private static final Clock WALL = Clock.fixed(Instant.parse("2024-01-01T12:34:56Z"), ZoneOffset.UTC);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private long now;

  private ProgressDisplay display(ProgressDisplay.Mode mode) {
    return new ProgressDisplay(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), mode, () -> now, WALL);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n").replace(System.lineSeparator(), "\n");
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  @Test
  void detectPicksTheModeFromTheSwitchesAndTheTerminal() {
    assertEquals(ProgressDisplay.Mode.QUIET, ProgressDisplay.detect(true, true, true));
    assertEquals(ProgressDisplay.Mode.QUIET, ProgressDisplay.detect(true, false, false));
    assertEquals(ProgressDisplay.Mode.SUMMARY, ProgressDisplay.detect(false, false, true));
    assertEquals(ProgressDisplay.Mode.BAR, ProgressDisplay.detect(false, true, true));
    assertEquals(ProgressDisplay.Mode.LINES, ProgressDisplay.detect(false, true, false));
  }

  @Test
  void linesModePrintsALineEveryTenSeconds() {
    ProgressDisplay p = display(ProgressDisplay.Mode.LINES);
    p.start("epoch 1/2", 100);
    for (int i = 1; i <= 100; i++) {
      now += SECOND / 4; // 4 steps a second: 25 s in all, so lines at 10 s and 20 s
      p.step("loss " + i);
    }
    p.finish("loss 100");
    assertEquals(List.of(
        "[12:34:56] epoch 1/2: 40/100 (40%) 4.00 it/s eta 15s  loss 40",
        "[12:34:56] epoch 1/2: 80/100 (80%) 4.00 it/s eta 5s  loss 80",
        "[12:34:56] epoch 1/2: 100/100 steps in 25.0s  loss 100"), out().lines().toList());
    assertEquals("", err());
  }

  @Test
  void linesModeWithAbsoluteCountsAndNoStatus() {
    ProgressDisplay p = display(ProgressDisplay.Mode.LINES);
    p.start("Encoding validation", 4);
    now += 11 * SECOND;
    p.step(1);
    now += SECOND;
    p.step(4);
    p.finish("");
    assertEquals(List.of(
        "[12:34:56] Encoding validation: 1/4 (25%) 0.09 it/s eta 33s",
        "[12:34:56] Encoding validation: 4/4 steps in 12.0s"), out().lines().toList());
  }

  @Test
  void barModeRedrawsOneLineAndClearsItForMessages() {
    ProgressDisplay p = display(ProgressDisplay.Mode.BAR);
    p.start("epoch 1/1", 4);
    now += SECOND;
    p.step("loss 1");          // drawn (200 ms since start)
    now += SECOND / 100;
    p.step("loss 2");          // too soon: not drawn
    p.info("note");            // clears the bar, prints a line
    now += SECOND;
    p.step("loss 3");
    p.step("loss 4");          // last step: always drawn
    p.finish("loss 4");
    String s = out();
    assertEquals("\repoch 1/1 [######..................] 1/4 1.00 it/s eta 3s  loss 1"
        + "\r\033[K[12:34:56] note\n"
        + "\repoch 1/1 [##################......] 3/4 1.49 it/s eta 1s  loss 3"
        + "\repoch 1/1 [########################] 4/4 1.99 it/s  loss 4"
        + "\r\033[K[12:34:56] epoch 1/1: 4/4 steps in 2.0s  loss 4\n", s);
  }

  @Test
  void barModeWithAnUnknownTotalShowsCountsOnly() {
    ProgressDisplay p = display(ProgressDisplay.Mode.BAR);
    p.start("reading", 0);
    now += SECOND;
    p.step(5);
    assertEquals("\rreading 5 5.00 it/s", out());
  }

  @Test
  void summaryModeShowsOnlyPhaseEndsAndMessages() {
    ProgressDisplay p = display(ProgressDisplay.Mode.SUMMARY);
    p.start("epoch 1/1", 1000);
    for (int i = 0; i < 1000; i++) {
      now += SECOND / 10;
      p.step("loss");
    }
    p.finish("loss 0.5");
    p.info("validation: loss 0.6");
    assertEquals(List.of("[12:34:56] epoch 1/1: 1000/1000 steps in 100.0s  loss 0.5",
        "[12:34:56] validation: loss 0.6"), out().lines().toList());
  }

  @Test
  void quietModePrintsNothingButWarnings() {
    ProgressDisplay p = display(ProgressDisplay.Mode.QUIET);
    p.start("epoch 1/1", 10);
    for (int i = 0; i < 10; i++) {
      now += 20 * SECOND;
      p.step("loss");
    }
    p.finish("done");
    p.info("message");
    p.warn("no 'age' labels; skipped");
    assertEquals("", out());
    assertEquals("warning: no 'age' labels; skipped\n", err());
  }

  @Test
  void warningsGoToStderrInEveryMode() {
    for (ProgressDisplay.Mode mode : ProgressDisplay.Mode.values()) {
      out.reset();
      err.reset();
      display(mode).warn("w");
      assertEquals("warning: w\n", err(), mode.name());
      assertFalse(out().contains("w"), mode.name());
    }
  }
}
