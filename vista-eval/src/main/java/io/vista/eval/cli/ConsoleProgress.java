package io.vista.eval.cli;

import io.vista.eval.Progress;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Progress on the console: a redrawn bar on a terminal, a plain line every few seconds when stdout is a file or
 * pipe, nothing when quiet. Messages are time-stamped lines.
 */
final class ConsoleProgress implements Progress {
  /** How the display renders. */
  enum Mode { BAR, LINES, QUIET }

  private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream out;
  private final Mode mode;
  private String label = "";
  private long total;
  private long done;
  private long startNanos;
  private long lastPrintNanos;

  ConsoleProgress(PrintStream out, Mode mode) {
    this.out = out;
    this.mode = mode;
  }

  /** BAR when a console is attached, LINES otherwise, QUIET when asked. */
  static Mode detect(boolean quiet) {
    if (quiet) {
      return Mode.QUIET;
    }
    return System.console() != null ? Mode.BAR : Mode.LINES;
  }

  @Override
  public void start(String label, long total) {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.startNanos = System.nanoTime();
    this.lastPrintNanos = startNanos;
  }

  @Override
  public void step(long done) {
    this.done = done;
    long now = System.nanoTime();
    switch (mode) {
      case BAR -> {
        if (now - lastPrintNanos > 200_000_000L || done == total) {
          out.print("\r" + status(now));
          out.flush();
          lastPrintNanos = now;
        }
      }
      case LINES -> {
        if (now - lastPrintNanos >= LINE_INTERVAL_NANOS) {
          out.println(stamp() + status(now));
          lastPrintNanos = now;
        }
      }
      case QUIET -> { }
    }
  }

  @Override
  public void finish(String summary) {
    if (mode == Mode.QUIET) {
      return;
    }
    if (mode == Mode.BAR) {
      out.print("\r\033[K");
    }
    double secs = (System.nanoTime() - startNanos) / 1e9;
    out.println(stamp() + String.format(Locale.ROOT, "%s: %d/%d batches in %.1fs  %s", label, done, total, secs,
        summary));
    out.flush();
  }

  @Override
  public void info(String line) {
    if (mode != Mode.QUIET) {
      out.println(stamp() + line);
      out.flush();
    }
  }

  private String status(long now) {
    double secs = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = done / secs;
    double pct = total > 0 ? 100.0 * done / total : 0;
    String eta = rate > 0 && total > done ? String.format(Locale.ROOT, " eta %.0fs", (total - done) / rate) : "";
    if (mode == Mode.BAR) {
      int width = 30;
      int filled = (int) Math.round(width * (total > 0 ? (double) done / total : 0));
      return String.format(Locale.ROOT, "%s [%s%s] %d/%d %.1f batch/s%s", label, "#".repeat(filled),
          ".".repeat(width - filled), done, total, rate, eta);
    }
    return String.format(Locale.ROOT, "%s: %d/%d batches (%.0f%%), %.1f batch/s%s", label, done, total, pct, rate,
        eta);
  }

  private static String stamp() {
    return "[" + LocalTime.now().format(TIME) + "] ";
  }
}
