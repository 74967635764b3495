/**
 * Checkpoint I/O.
 *
 * <ul>
 *   <li>{@link io.vista.core.internal.io.SafeTensors}: the safetensors format, read strictly and written
 *       atomically; tensors travel as {@link io.vista.core.internal.io.NamedTensor} (dtype, shape,
 *       little-endian bytes).
 *   <li>{@link io.vista.core.internal.io.CheckpointStore}: the SAELens-compatible checkpoint folder
 *       ({@code cfg.json} + {@code sae_weights.safetensors}, optionally optimizer and trainer
 *       state), written by a temp-folder-and-rename swap so a crash never leaves a half-written
 *       checkpoint under the real name.
 *   <li>{@link io.vista.core.internal.compat.LightningCheckpointReader}: the Python VISTA's PyTorch Lightning
 *       {@code .ckpt} files, read with {@link io.vista.core.internal.compat.PickleReader}, a data-only
 *       unpickler that never executes or instantiates anything named in the file.
 * </ul>
 *
 * <p>Every failure is a {@link io.vista.core.CheckpointException} whose one-line message names
 * the file (and the tensor, key or opcode) at fault.
 */
package io.vista.core.internal.io;

import io.vista.core.CheckpointException;
import io.vista.core.internal.compat.LightningCheckpointReader;
import io.vista.core.internal.compat.PickleReader;
