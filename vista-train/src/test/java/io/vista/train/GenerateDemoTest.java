package io.vista.train;

import io.vista.core.data.demo.DemoSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateDemoTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  /** {@code java -jar vista-train.jar generate-demo args}, in-process. */
  private static Run run(String... args) {
    String[] argv = new String[args.length + 1];
    argv[0] = "generate-demo";
    System.arraycopy(args, 0, argv, 1, args.length);
    CliRunner.Outcome o = CliRunner.run(argv);
    return new Run(o.exitCode(), o.out(), o.err());
  }

  @Test
  void writesTheRequestedFile() {
    Path file = dir.resolve("d.h5");
    Run r = run("--out", file.toString(), "--samples", "50", "--val-samples", "10", "--tokens", "3",
        "--dim", "8", "--atoms", "60", "--active", "2", "--seed", "4", "--noise", "0.1",
        "--intersectional", "--scale", "2.5");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("wrote " + file), r.out());
    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals("DemoSpec[trainSamples=50, valSamples=10, tokens=3, dim=8, atoms=60, "
              + "activePerToken=2, noiseStd=0.1, seed=4, intersectional=true, scale=2.5]",
          hdf.getByPath("/ground_truth").getAttribute("spec").getData());
    }
  }

  @Test
  void badArgumentsGiveOneLineAndExitCode2() {
    String[][] bad = {
      {"--samples", "5"},
      {"--out", dir.resolve("x.h5").toString(), "--dim", "many"},
      {"--out", dir.resolve("x.h5").toString(), "--bogus"},
      {"--out", dir.resolve("x.h5").toString(), "--atoms", "10"},
      {"--out"},
    };
    for (String[] args : bad) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      // the shared policy: the reason, then where the usage is
      assertTrue(r.err().startsWith("vista-train: "), r.err());
      assertEquals(List.of("run 'java -jar vista-train.jar --help' for usage"), r.err().lines().skip(1).toList(),
          r.err());
    }
    assertFalse(Files.exists(dir.resolve("x.h5")));
  }

  @Test
  void helpAndWriteFailure() {
    Run help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("usage: generate-demo"));
    Run failed = run("--out", dir.resolve("missing/dir/x.h5").toString(), "--samples", "5");
    assertEquals(1, failed.code());
    assertTrue(failed.err().contains("does not exist"), failed.err());
  }
}
