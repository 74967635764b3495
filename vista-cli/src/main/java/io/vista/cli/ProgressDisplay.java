package io.vista.cli;

import io.vista.core.Progress;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The console display of {@link Progress} shared by the command lines. Four modes ({@link #detect} picks one):
 * {@link Mode#BAR} redraws a bar with rate, ETA and a status (e.g. loss and L0) on a terminal; {@link Mode#LINES}
 * prints a plain line every 10 s instead (a log file or pipe: CI logs); {@link Mode#SUMMARY} prints only the line
 * that ends each phase and messages; {@link Mode#QUIET} prints nothing on stdout. Every line printed on stdout
 * starts with the wall-clock time ({@code [HH:mm:ss] }); the redrawn bar does not. Warnings ({@link #warn}) go to
 * stderr in every mode, quiet included.
 *
 * <p>Steps are counted either absolutely ({@link #step(long)}: {@code done} steps are complete) or one at a time
 * with a status text ({@link #step(String)}). Not thread-safe: one phase at a time, from one thread.
 */
public final class ProgressDisplay implements Progress {
  /** How the display renders. */
  public enum Mode {
    /** A redrawn bar (a terminal). */
    BAR,
    /** A plain line every {@link #LINE_INTERVAL_SECONDS} seconds (a log file or pipe). */
    LINES,
    /** No per-step output; the line ending each phase and messages only. */
    SUMMARY,
    /** Nothing on stdout; warnings still go to stderr. */
    QUIET
  }

  /** Seconds between two progress lines in {@link Mode#LINES}. */
  public static final int LINE_INTERVAL_SECONDS = 10;

  private static final long LINE_INTERVAL_NANOS = LINE_INTERVAL_SECONDS * 1_000_000_000L;
  // A redraw costs a terminal write; five a second looks smooth and keeps a fast loop cheap.
  private static final long BAR_INTERVAL_NANOS = 200_000_000L;
  private static final int BAR_WIDTH = 24;
  private static final String CLEAR_LINE = "\r\033[K";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final PrintStream out;
  private final PrintStream err;
  private final Mode mode;
  private final LongSupplier nanoTime;
  private final Clock wallClock;
  private String label = "";
  private String status = "";
  private long total;
  private long done;
  private long startNanos;
  private long lastPrintNanos;
  private boolean barShown;

  /** A display on {@code out}, with warnings on {@code System.err}. */
  public ProgressDisplay(PrintStream out, Mode mode) {
    this(out, System.err, mode);
  }

  /** A display on {@code out}, with warnings on {@code err}. */
  public ProgressDisplay(PrintStream out, PrintStream err, Mode mode) {
    this(out, err, mode, System::nanoTime, Clock.systemDefaultZone());
  }

  /** For tests: time from {@code nanoTime} (rates, intervals) and {@code wallClock} (the time stamps). */
  ProgressDisplay(PrintStream out, PrintStream err, Mode mode, LongSupplier nanoTime, Clock wallClock) {
    this.out = out;
    this.err = err;
    this.mode = mode;
    this.nanoTime = nanoTime;
    this.wallClock = wallClock;
    this.startNanos = nanoTime.getAsLong();
  }

  /** QUIET or SUMMARY when asked; otherwise BAR when a console is attached, LINES when not. */
  public static Mode detect(boolean quiet, boolean progress) {
    return detect(quiet, progress, System.console() != null);
  }

  /** {@link #detect(boolean, boolean) detect(quiet, true)}: for programs with only a {@code --quiet} switch. */
  public static Mode detect(boolean quiet) {
    return detect(quiet, true);
  }

  static Mode detect(boolean quiet, boolean progress, boolean terminal) {
    if (quiet) {
      return Mode.QUIET;
    }
    if (!progress) {
      return Mode.SUMMARY;
    }
    return terminal ? Mode.BAR : Mode.LINES;
  }

  /** The mode this display renders in. */
  public Mode mode() {
    return mode;
  }

  @Override
  public void start(String label, long total) {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.status = "";
    this.startNanos = nanoTime.getAsLong();
    this.lastPrintNanos = startNanos;
  }

  /** One more step is done; {@code status} (e.g. {@code loss 0.0123 l0 63.8}) is shown after the counts. */
  public void step(String status) {
    this.status = status == null ? "" : status;
    advance(done + 1);
  }

  @Override
  public void step(long done) {
    advance(done);
  }

  private void advance(long newDone) {
    done = newDone;
    long now = nanoTime.getAsLong();
    switch (mode) {
      case BAR -> {
        if (now - lastPrintNanos >= BAR_INTERVAL_NANOS || done == total) {
          out.print("\r" + bar(now));
          out.flush();
          barShown = true;
          lastPrintNanos = now;
        }
      }
      case LINES -> {
        if (now - lastPrintNanos >= LINE_INTERVAL_NANOS) {
          println(line(now));
          lastPrintNanos = now;
        }
      }
      case SUMMARY, QUIET -> { }
    }
  }

  /** Ends the phase with {@code <label>: <done>/<total> steps in <s>s  <summary>} (nothing when quiet). */
  @Override
  public void finish(String summary) {
    if (mode == Mode.QUIET) {
      return;
    }
    double secs = (nanoTime.getAsLong() - startNanos) / 1e9;
    String tail = summary == null || summary.isEmpty() ? "" : "  " + summary;
    println(String.format(Locale.ROOT, "%s: %s steps in %.1fs%s", label, counts(), secs, tail));
  }

  /** A message, shown unless quiet. */
  @Override
  public void info(String message) {
    if (mode != Mode.QUIET) {
      println(message);
    }
  }

  /** A warning: {@code warning: <message>} on the error stream, in every mode (CI logs keep it). */
  public void warn(String message) {
    clearBar();
    err.println("warning: " + message);
    err.flush();
  }

  private void println(String line) {
    clearBar();
    out.println("[" + LocalTime.now(wallClock).format(TIME) + "] " + line);
    out.flush();
  }

  // A line printed while the bar is up replaces it; the next step redraws the bar below.
  private void clearBar() {
    if (barShown) {
      out.print(CLEAR_LINE);
      out.flush();
      barShown = false;
    }
  }

  private String bar(long now) {
    double rate = rate(now);
    String head;
    if (total > 0) {
      int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
      head = label + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] ";
    } else {
      head = label + " ";
    }
    return head + String.format(Locale.ROOT, "%s %.2f it/s%s%s", counts(), rate, eta(rate), tailStatus());
  }

  private String line(long now) {
    double rate = rate(now);
    String pct = total > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total) : "";
    return String.format(Locale.ROOT, "%s: %s%s %.2f it/s%s%s", label, counts(), pct, rate, eta(rate),
        tailStatus());
  }

  private String counts() {
    return total > 0 ? done + "/" + total : Long.toString(done);
  }

  private double rate(long now) {
    return done / Math.max(1e-9, (now - startNanos) / 1e9);
  }

  private String eta(double rate) {
    return total > done && rate > 0 ? String.format(Locale.ROOT, " eta %ds", (long) Math.ceil((total - done) / rate))
        : "";
  }

  private String tailStatus() {
    return status.isEmpty() ? "" : "  " + status;
  }
}
