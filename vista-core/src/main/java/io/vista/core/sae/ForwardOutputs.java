package io.vista.core.sae;

import org.tensorflow.types.TFloat32;

/**
 * Tensors from {@link SaeSession#forward}: activations [rows, m] and, if asked for, the
 * reconstruction [rows, d] (else null). The caller owns and closes them.
 */
public record ForwardOutputs(TFloat32 acts, TFloat32 recon) implements AutoCloseable {
  @Override
  public void close() {
    if (acts != null) {
      acts.close();
    }
    if (recon != null) {
      recon.close();
    }
  }
}
