/**
 * Sparse autoencoders. {@link io.vista.core.sae.SaeModel} is a trained SAE as an immutable
 * object: {@code load} reads a vista-java checkpoint folder, a SAELens folder or a Python VISTA
 * Lightning {@code .ckpt}; {@code encode}, {@code decode} and {@code reconstruct} take and return
 * {@code float[][]} (TensorFlow-typed overloads too); {@code save} writes a SAELens-compatible
 * folder atomically.
 *
 * <pre>{@code
 * try (SaeModel sae = SaeModel.load(Path.of("best"))) {
 *   float[][] z = sae.encode(rows);                       // [n][d] -> [n][m]
 * }
 * }</pre>
 *
 * <p>What an SAE is: {@link io.vista.core.sae.SaeSpec} (variant, sizes, hyper-parameters), whose
 * keys, types and defaults come from one table, {@link io.vista.core.sae.SaeSetting}, shared by the
 * YAML config, {@code cfg.json} and the Lightning import; {@link io.vista.core.sae.SaeVariant}
 * names the four variants of the Python VISTA (vanilla/L1, TopK, BatchTopK, JumpReLU) and their
 * SAELens names; {@link io.vista.core.sae.SaeWeights} holds the parameters under SAELens's names.
 * Each variant's maths is one package-private class ({@code VanillaSae}, {@code TopKSae}, {@code
 * BatchTopKSae}, {@code JumpReLUSae}) over the shared {@code SparseAutoencoder}.
 * {@link io.vista.core.sae.SaeSession} is the TensorFlow-level engine (training step, evaluation,
 * whole-state checkpoints) under {@link io.vista.core.train.SaeTrainer}.
 *
 * <p>Differences from the Python, all deliberate: JumpReLU's {@code log_threshold} gradient
 * includes the chain-rule factor {@code theta}; evaluation and encoding never advance the
 * dead-feature tracker; BatchTopK also keeps a running threshold for batch-independent inference
 * ({@code inference = threshold}); ties at a top-k threshold keep every tied value.
 */
package io.vista.core.sae;
