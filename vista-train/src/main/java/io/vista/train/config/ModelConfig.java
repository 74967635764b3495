package io.vista.train.config;

/**
 * Shape of a sparse autoencoder ({@code model/sparse_autoencoder.yaml}).
 *
 * @param inputSize width of the vision-encoder latents the SAE reads
 * @param hiddenSize number of SAE features (dictionary size)
 */
public record ModelConfig(int inputSize, int hiddenSize) {

  /** Validates both widths. */
  public ModelConfig {
    Checks.atLeast("model.input_size", inputSize, 1);
    Checks.atLeast("model.hidden_size", hiddenSize, 1);
  }

  /** The {@code model} section of a resolved config. */
  public static ModelConfig from(ResolvedConfig root) {
    return new ModelConfig(root.integer("model.input_size"), root.integer("model.hidden_size"));
  }
}
