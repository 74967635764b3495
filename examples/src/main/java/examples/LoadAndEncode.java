package examples;

import io.vista.core.sae.SaeModel;
import java.nio.file.Path;

/**
 * Loading a trained SAE and encoding rows: the same two calls for every checkpoint format. Each
 * method is the whole recipe (the README quotes them).
 */
public final class LoadAndEncode {
  private LoadAndEncode() {}

  /** A vista-java checkpoint folder (e.g. {@code outputs/<date>/<time>/best}). */
  public static float[][] vistaCheckpoint(Path folder, float[][] rows) {
    try (SaeModel sae = SaeModel.load(folder)) {
      return sae.encode(rows);
    }
  }

  /** A Python VISTA Lightning {@code .ckpt} (read without running any pickled code). */
  public static float[][] pythonLightningCheckpoint(Path ckpt, float[][] rows) {
    try (SaeModel sae = SaeModel.load(ckpt)) {
      return sae.encode(rows);
    }
  }

  /** A SAELens folder ({@code cfg.json} + {@code sae_weights.safetensors}). */
  public static float[][] saeLensFolder(Path folder, float[][] rows) {
    try (SaeModel sae = SaeModel.load(folder)) {
      return sae.encode(rows);
    }
  }

  /** {@code java -cp ... examples.LoadAndEncode CHECKPOINT}: encodes one row of ones and prints its active features. */
  public static void main(String[] args) {
    try (SaeModel sae = SaeModel.load(Path.of(args[0]))) {
      float[] row = new float[sae.spec().dIn()];
      java.util.Arrays.fill(row, 1f);
      float[] z = sae.encode(new float[][] {row})[0];
      for (int j = 0; j < z.length; j++) {
        if (z[j] != 0) {
          System.out.println("feature " + j + " = " + z[j]);
        }
      }
    }
  }
}
