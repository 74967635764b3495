package io.vista.train.log;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Console progress per epoch: a redrawn bar with steps/s, loss and L0 on a terminal; plain lines
 * every few seconds when stdout is a file or pipe (CI logs); nothing when quiet.
 */
public final class ProgressDisplay implements io.vista.core.train.TrainingProgress {
  /** How the display renders. */
  public enum Mode {
    /** A redrawn bar (a terminal). */
    BAR,
    /** A plain line every few seconds (a log file or pipe). */
    LINES,
    /** No per-step output; epoch summaries and messages only ({@code logging.progress=false}). */
    SUMMARY,
    /** Nothing at all ({@code logging.quiet=true}). */
    QUIET
  }

  private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;

  private final PrintStream out;
  private final PrintStream err;
  private final Mode mode;
  private String label = "";
  private long total;
  private long done;
  private long startNanos;
  private long lastPrintNanos;

  public ProgressDisplay(PrintStream out, Mode mode) {
    this(out, System.err, mode);
  }

  /** {@code err} receives warnings, which are shown even when quiet. */
  public ProgressDisplay(PrintStream out, PrintStream err, Mode mode) {
    this.out = out;
    this.err = err;
    this.mode = mode;
  }

  /** QUIET or SUMMARY when asked; otherwise BAR when a console is attached, LINES when not. */
  public static Mode detect(boolean quiet, boolean progress) {
    if (quiet) {
      return Mode.QUIET;
    }
    if (!progress) {
      return Mode.SUMMARY;
    }
    return System.console() != null ? Mode.BAR : Mode.LINES;
  }

  public void start(String label, long totalSteps) {
    this.label = label;
    this.total = totalSteps;
    this.done = 0;
    this.startNanos = System.nanoTime();
    this.lastPrintNanos = startNanos;
  }

  /** One step done; {@code status} is appended (e.g. "loss 0.0123 l0 63.8"). */
  public void step(String status) {
    done++;
    long now = System.nanoTime();
    double rate = done / Math.max(1e-9, (now - startNanos) / 1e9);
    switch (mode) {
      case BAR -> {
        if (now - lastPrintNanos > 100_000_000L || done == total) {
          out.print("\r" + bar(rate, status));
          out.flush();
          lastPrintNanos = now;
        }
      }
      case LINES -> {
        if (now - lastPrintNanos >= LINE_INTERVAL_NANOS) {
          out.println(line(rate, status));
          lastPrintNanos = now;
        }
      }
      case SUMMARY, QUIET -> { }
    }
  }

  /** Ends the epoch's display with a final summary line. */
  public void finish(String summary) {
    if (mode == Mode.QUIET) {
      return;
    }
    double secs = (System.nanoTime() - startNanos) / 1e9;
    if (mode == Mode.BAR) {
      out.print("\r\033[K");
    }
    out.println(String.format(Locale.ROOT, "%s: %d steps in %.1fs  %s", label, done, secs, summary));
  }

  /** A warning: one line on the error stream, shown in every mode (CI logs keep it). */
  public void warn(String message) {
    if (mode == Mode.BAR) {
      out.print("\r\033[K");
      out.flush();
    }
    err.println("warning: " + message);
  }

  /** A message that is shown unless quiet. */
  public void info(String message) {
    if (mode != Mode.QUIET) {
      if (mode == Mode.BAR) {
        out.print("\r\033[K");
      }
      out.println(message);
    }
  }

  private String bar(double rate, String status) {
    int width = 24;
    int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
    String eta = total > 0 && rate > 0 ? String.format(Locale.ROOT, " eta %ds", (long) ((total - done) / rate)) : "";
    return String.format(Locale.ROOT, "%s [%s%s] %d/%d %.2f it/s%s %s", label,
        "#".repeat(filled), ".".repeat(width - filled), done, total, rate, eta, status);
  }

  private String line(double rate, String status) {
    return String.format(Locale.ROOT, "%s %d/%d %.2f it/s %s", label, done, total, rate, status);
  }
}
