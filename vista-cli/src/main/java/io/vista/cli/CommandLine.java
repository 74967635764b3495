package io.vista.cli;

import io.vista.core.VistaException;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The exit-code policy of every vista-java program, in one place. {@link #run} runs a program's body and turns
 * whatever it throws into an exit code and at most two lines on stderr, never a stack trace:
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><th>outcome</th><th>code</th><th>stderr</th></tr>
 *   <tr><td>the body returns {@code c}</td><td>{@code c}</td><td>whatever the body printed</td></tr>
 *   <tr><td>{@link UsageException}</td><td>2</td>
 *       <td>{@code <program>: <message>} and {@code run '<invocation> --help' for usage}</td></tr>
 *   <tr><td>{@link VistaException}</td><td>1</td><td>{@code <program>: error: <message>}</td></tr>
 *   <tr><td>{@link OutOfMemoryError}</td><td>1</td>
 *       <td>{@code <program>: error: out of memory (<message>); <hint>}</td></tr>
 *   <tr><td>any other exception</td><td>1</td><td>{@code <program>: error: <ExceptionClass>: <message>}</td></tr>
 *   <tr><td>any other error (a native library that fails to load, ...)</td><td>1</td>
 *       <td>{@code <program>: internal error: <ErrorClass>: <cause>}</td></tr>
 * </table>
 *
 * <p>Messages are cut to their first line. {@link #main} does the same for {@code System.out}/{@code System.err}
 * and ends the JVM with the code; it is the only place that calls {@link System#exit}. Instances are immutable.
 */
public final class CommandLine {
  /** Exit code of success. */
  public static final int OK = 0;

  /** Exit code of any failure: bad data, a missing file, divergence, out of memory, a bug. */
  public static final int FAILURE = 1;

  /** Exit code of a command line that cannot be understood ({@link UsageException}). */
  public static final int USAGE = 2;

  /** The hint after an out-of-memory error when the program names none. */
  public static final String DEFAULT_OUT_OF_MEMORY_HINT = "raise -Xmx";

  /** What a program does with its command line; returns the exit code (normally {@link #OK}). */
  @FunctionalInterface
  public interface Body {
    /** Runs the program; anything thrown is mapped by the policy above. */
    int run() throws Exception;
  }

  private final String program;
  private final String invocation;
  private final String outOfMemoryHint;

  private CommandLine(String program, String invocation, String outOfMemoryHint) {
    this.program = Objects.requireNonNull(program, "program");
    this.invocation = Objects.requireNonNull(invocation, "invocation");
    this.outOfMemoryHint = Objects.requireNonNull(outOfMemoryHint, "outOfMemoryHint");
  }

  /**
   * The policy for {@code program} (the prefix of every error line, e.g. {@code vista-train}), started as {@code
   * java -jar <program>.jar}, with the hint {@value #DEFAULT_OUT_OF_MEMORY_HINT} after an out-of-memory error.
   */
  public static CommandLine of(String program) {
    return new CommandLine(program, "java -jar " + program + ".jar", DEFAULT_OUT_OF_MEMORY_HINT);
  }

  /** The same policy for a program started as {@code invocation} (what the {@code --help} pointer shows). */
  public CommandLine invokedAs(String invocation) {
    return new CommandLine(program, invocation, outOfMemoryHint);
  }

  /** The same policy with {@code hint} (e.g. {@code lower --batch-size or raise -Xmx}) after out of memory. */
  public CommandLine outOfMemoryHint(String hint) {
    return new CommandLine(program, invocation, hint);
  }

  /** The name that starts every error line. */
  public String program() {
    return program;
  }

  /** How the program is started, e.g. {@code java -jar vista-train.jar}. */
  public String invocation() {
    return invocation;
  }

  /**
   * Runs {@code body} under the policy of {@link #of(String) of(program)}: the exit code, with errors reported on
   * {@code err}. Never calls {@link System#exit}.
   */
  public static int run(String program, PrintStream out, PrintStream err, Body body) {
    return of(program).run(out, err, body);
  }

  /**
   * Runs {@code body} and returns its exit code, or the policy's code for what it threw, reported on {@code err}
   * ({@code out} is flushed first so the error follows the output it refers to). Never calls {@link System#exit}:
   * tests call this.
   */
  public int run(PrintStream out, PrintStream err, Body body) {
    try {
      return body.run();
    } catch (UsageException e) {
      out.flush();
      err.println(program + ": " + oneLine(e.getMessage()));
      err.println("run '" + invocation + " --help' for usage");
      return USAGE;
    } catch (VistaException e) {
      out.flush();
      err.println(program + ": error: " + oneLine(e.getMessage()));
      return FAILURE;
    } catch (OutOfMemoryError e) {
      out.flush();
      err.println(program + ": error: out of memory (" + e.getMessage() + "); " + outOfMemoryHint);
      return FAILURE;
    } catch (Exception e) {
      out.flush();
      err.println(program + ": error: " + describe(e));
      return FAILURE;
    } catch (Error e) {
      // e.g. a native library that fails to load, or a class that fails to initialise: name the cause too
      out.flush();
      Throwable cause = e.getCause();
      err.println(program + ": internal error: " + describe(e) + (cause != null ? ": " + describe(cause) : ""));
      return FAILURE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The entry point's one line: runs {@code body} on {@code System.out} and {@code System.err} and ends the JVM
   * with its exit code (also 0, so that lingering non-daemon threads do not keep it alive).
   */
  public void main(Body body) {
    System.exit(run(System.out, System.err, body));
  }

  /** {@code Class: first line of the message}, or just the class name when there is no message. */
  private static String describe(Throwable t) {
    String message = oneLine(t.getMessage());
    return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** The first line of {@code s}, stripped; "" for null. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
