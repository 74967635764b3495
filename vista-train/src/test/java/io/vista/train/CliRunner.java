package io.vista.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the trainer's command line in-process and captures what it prints. */
final class CliRunner {
  record Outcome(int exitCode, String out, String err) {}

  private CliRunner() {}

  static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TrainMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A small, fast SAE run on a demo file in {@code dir}, plus extra overrides. */
  static String[] smallSaeRun(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of(
        "hydra.run.dir=" + dir.resolve("run"),
        "data.demo.path=" + dir.resolve("demo.h5"),
        "model.input_size=32", "model.hidden_size=256",
        "module.top_k=8", "module.learning_rate=3e-3",
        "data.batch_size=32", "data.demo.tokens=4",
        "data.demo.train_samples=1024", "data.demo.validation_samples=256",
        "data.demo.atoms=64", "data.demo.active_per_token=4",
        "trainer.max_epochs=6", "logging.quiet=true", "logging.tensorboard=false"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }
}
