package io.vista.train;

import io.vista.train.config.ConfigException;
import io.vista.train.config.TrainerConfig;
import io.vista.cli.ProgressDisplay;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * {@code trainer.accelerator} and {@code trainer.precision} against what this process can do.
 * TensorFlow places ops on a GPU by itself when the GPU native binary (Maven profile {@code gpu})
 * finds one; {@code accelerator=gpu} without one is an error rather than a silent CPU run.
 * Mixed precision is not implemented: a {@code 16-mixed} or {@code bf16-mixed} run says once that
 * it computes in float32 (on a CPU that is also what Lightning's autocast would mostly do).
 */
final class Accelerator {
  private Accelerator() {}

  static void check(TrainerConfig trainer, ProgressDisplay progress) {
    boolean gpu = gpuAvailable();
    switch (trainer.accelerator()) {
      case "gpu", "cuda" -> {
        if (!gpu) {
          throw new ConfigException("trainer.accelerator=" + trainer.accelerator()
              + ": no GPU is visible to TensorFlow (CPU native binary, or no CUDA 12 / cuDNN 9 device);"
              + " build with 'mvn -Pgpu package' on a CUDA machine or use trainer.accelerator=cpu");
        }
      }
      case "cpu" -> {
        if (gpu) {
          progress.info("note: trainer.accelerator=cpu, but TensorFlow sees a GPU and may place ops on it;"
              + " hide it with CUDA_VISIBLE_DEVICES= to force the CPU");
        }
      }
      default -> { }
    }
    if (!trainer.precision().startsWith("32")) {
      progress.info("note: trainer.precision=" + trainer.precision() + " is accepted for compatibility;"
          + " this run computes in float32" + (gpu ? " (mixed precision is not implemented yet)" : " on the CPU"));
    }
  }

  /** Whether an op pinned to the first GPU can run. */
  static boolean gpuAvailable() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(org.tensorflow.DeviceSpec.newBuilder().deviceType(
          org.tensorflow.DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
      var c = tf.constant(1f);
      try (Session s = new Session(g)) {
        s.runner().fetch(c).run().close();
        return true;
      }
    } catch (RuntimeException e) {
      return false;
    }
  }
}
