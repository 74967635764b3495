/**
 * vista-core, the library: sparse autoencoders and linear probes for vision-encoder latents, the
 * VISTA-format HDF5 data layer, and training from code. The API is these packages:
 *
 * <ul>
 *   <li>{@link io.vista.core.sae}: trained SAEs as objects ({@link io.vista.core.sae.SaeModel}:
 *       load any checkpoint, encode/decode {@code float[][]}, save), their spec, variants and the
 *       one settings table;
 *   <li>{@link io.vista.core.probe}: trained linear probes ({@link io.vista.core.probe.ProbeModel});
 *   <li>{@link io.vista.core.train}: training from code ({@link io.vista.core.train.SaeTrainer})
 *       and the epoch loop with checkpoints and resume that vista-train runs;
 *   <li>{@link io.vista.core.data}: streaming reads of the Python pipeline's HDF5 files, and
 *       {@link io.vista.core.data.demo} synthetic files with planted features;
 *   <li>{@link io.vista.core.classification}: scikit-learn's classification scores;
 *   <li>this package: the unchecked root exception {@link io.vista.core.VistaException} (every
 *       message names the file, key or value at fault), {@link io.vista.core.CheckpointException},
 *       {@link io.vista.core.Provenance}, {@link io.vista.core.Progress} and {@link
 *       io.vista.core.LearningRateSchedule}.
 * </ul>
 *
 * <pre>{@code
 * try (SaeModel sae = SaeModel.load(Path.of("runs/x/best"))) {   // vista folder, SAELens folder or VISTA .ckpt
 *   float[][] latents = sae.encode(rows);
 * }
 * }</pre>
 *
 * <p>Packages under {@code io.vista.core.internal} (checkpoint and safetensors I/O, the pickle and
 * Lightning readers, the HDF5 writer, graph helpers) are implementation, not API: they may change
 * in any release.
 */
package io.vista.core;
