/**
 * Not API (implementation of vista-core; may change in any release).
 * Checkpoint I/O, and the atomic writes of every file vista-java produces.
 *
 * <ul>
 *   <li>{@link io.vista.core.internal.io.AtomicFiles}: the one place that replaces files (temp
 *       sibling, fsync, rename, folder fsync; incremental writes through {@code begin/commit}) and
 *       folders (a temp folder swapped in with two renames, with crash recovery). Checkpoints,
 *       safetensors, HDF5 files, reports and run configuration all go through it.
 *   <li>{@link io.vista.core.internal.io.SafeTensors}: the safetensors format, read strictly and written
 *       atomically; tensors travel as {@link io.vista.core.internal.io.NamedTensor} (dtype, shape,
 *       little-endian bytes).
 *   <li>{@link io.vista.core.internal.io.CheckpointStore}: the SAELens-compatible checkpoint folder
 *       ({@code cfg.json} + {@code sae_weights.safetensors}, optionally optimizer and trainer
 *       state), written by {@link io.vista.core.internal.io.AtomicFiles#replaceFolder} so a crash
 *       never leaves a half-written checkpoint under the real name.
 *   <li>{@link io.vista.core.internal.compat.LightningCheckpointReader}: the Python VISTA's PyTorch Lightning
 *       {@code .ckpt} files, read with {@link io.vista.core.internal.compat.PickleReader}, a data-only
 *       unpickler that never executes or instantiates anything named in the file.
 * </ul>
 *
 * <p>Every checkpoint failure is a {@link io.vista.core.CheckpointException} whose one-line
 * message names the file (and the tensor, key or opcode) at fault; {@code AtomicFiles}' one-shot
 * writes raise {@link io.vista.core.VistaException}s naming the target.
 */
package io.vista.core.internal.io;

import io.vista.core.CheckpointException;
import io.vista.core.internal.compat.LightningCheckpointReader;
import io.vista.core.internal.compat.PickleReader;
