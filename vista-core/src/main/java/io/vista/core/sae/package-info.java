/**
 * Sparse autoencoders on TensorFlow graphs: the four variants of the Python VISTA project
 * (vanilla/L1, TopK, BatchTopK, JumpReLU), each in one class over the shared {@link
 * io.vista.core.sae.SparseAutoencoder}, chosen by name through {@link
 * io.vista.core.sae.SaeRegistry}; their spec ({@link io.vista.core.sae.SaeSpec}) and weights
 * ({@link io.vista.core.sae.SaeWeights}); and {@link io.vista.core.sae.SaeSession}, which owns one
 * graph and session and runs training steps (forward, loss, gradients, the decoder projection and
 * an in-graph Adam in one {@code Session.run}), evaluation and encoding.
 *
 * <p>Differences from the Python, all deliberate: JumpReLU's {@code log_threshold} gradient
 * includes the chain-rule factor {@code theta} (see {@link io.vista.core.sae.JumpReLUSae});
 * evaluation and encoding never advance the dead-feature tracker; BatchTopK also keeps a running
 * threshold for batch-independent inference; ties at a top-k threshold keep every tied value.
 */
package io.vista.core.sae;
