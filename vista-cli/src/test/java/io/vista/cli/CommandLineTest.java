package io.vista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vista.core.VistaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit-code policy: every outcome's code and the exact lines on stderr. */
class CommandLineTest {
  private record Outcome(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private static Outcome run(CommandLine cli, CommandLine.Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cli.run(new PrintStream(out, false, StandardCharsets.UTF_8),
        new PrintStream(err, false, StandardCharsets.UTF_8), body);
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final CommandLine PROG = CommandLine.of("prog");

  @Test
  void successReturnsTheBodysCodeAndPrintsNothingOnStderr() {
    Outcome o = run(PROG, () -> 0);
    assertEquals(0, o.code());
    assertEquals("", o.err());
    // a body may choose its own code, e.g. 3 for "differences found"
    assertEquals(3, run(PROG, () -> 3).code());
  }

  @Test
  void usageErrorExitsTwoWithAPointerToHelp() {
    Outcome o = run(PROG, () -> {
      throw new UsageException("unknown option '--frobnicate'");
    });
    assertEquals(2, o.code());
    assertEquals(List.of("prog: unknown option '--frobnicate'", "run 'java -jar prog.jar --help' for usage"),
        o.errLines());
  }

  @Test
  void invocationNamesHowTheProgramIsStarted() {
    Outcome o = run(CommandLine.of("Tool").invokedAs("java -cp x.jar a.Tool"), () -> {
      throw new UsageException("missing --out");
    });
    assertEquals(List.of("Tool: missing --out", "run 'java -cp x.jar a.Tool --help' for usage"), o.errLines());
  }

  @Test
  void vistaExceptionExitsOneWithOneErrorLine() {
    Outcome o = run(PROG, () -> {
      throw new VistaException("data.h5: no such file");
    });
    assertEquals(1, o.code());
    assertEquals(List.of("prog: error: data.h5: no such file"), o.errLines());
  }

  @Test
  void onlyTheFirstLineOfAMessageIsShown() {
    Outcome o = run(PROG, () -> {
      throw new VistaException("  first line \nsecond line\nthird");
    });
    assertEquals(List.of("prog: error: first line"), o.errLines());
  }

  @Test
  void outOfMemoryExitsOneWithTheProgramsHint() {
    Outcome o = run(PROG.outOfMemoryHint("lower --batch-size or raise -Xmx"), () -> {
      throw new OutOfMemoryError("Java heap space");
    });
    assertEquals(1, o.code());
    assertEquals(List.of("prog: error: out of memory (Java heap space); lower --batch-size or raise -Xmx"),
        o.errLines());
    Outcome d = run(PROG, () -> {
      throw new OutOfMemoryError("Java heap space");
    });
    assertEquals(List.of("prog: error: out of memory (Java heap space); raise -Xmx"), d.errLines());
  }

  @Test
  void anyOtherExceptionIsOneLineNamingItsClass() {
    Outcome o = run(PROG, () -> {
      throw new IllegalStateException("queue closed\n\tat somewhere");
    });
    assertEquals(1, o.code());
    assertEquals(List.of("prog: error: IllegalStateException: queue closed"), o.errLines());
    assertEquals(List.of("prog: error: NullPointerException"), run(PROG, () -> {
      throw new NullPointerException();
    }).errLines());
    // checked exceptions that escape a tool's body are failures too
    assertEquals(List.of("prog: error: IOException: disk full"), run(PROG, () -> {
      throw new IOException("disk full");
    }).errLines());
  }

  @Test
  void otherErrorsAreOneLineNamingTheirCause() {
    Outcome o = run(PROG, () -> {
      throw new ExceptionInInitializerError(new UnsatisfiedLinkError("no jnitensorflow in java.library.path"));
    });
    assertEquals(1, o.code());
    assertEquals(List.of("prog: internal error: ExceptionInInitializerError: UnsatisfiedLinkError: "
        + "no jnitensorflow in java.library.path"), o.errLines());
    assertFalse(o.err().contains("\tat "));
  }

  @Test
  void stdoutIsFlushedBeforeTheErrorLine() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(sink, false, StandardCharsets.UTF_8);
    int code = PROG.run(both, both, () -> {
      both.print("partial output");
      throw new VistaException("boom");
    });
    assertEquals(1, code);
    assertEquals("partial outputprog: error: boom\n", sink.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }

  @Test
  void staticRunUsesTheDefaultPolicy() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CommandLine.run("vista-x", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), () -> {
          throw new UsageException("bad");
        });
    assertEquals(2, code);
    assertEquals("vista-x: bad\nrun 'java -jar vista-x.jar --help' for usage\n",
        err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }

  @Test
  void usageExceptionIsAVistaException() {
    assertThrows(VistaException.class, () -> {
      throw new UsageException("x");
    });
  }
}
