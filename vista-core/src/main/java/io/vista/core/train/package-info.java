/**
 * Training from code, and the training loop the vista-train command runs.
 *
 * <ul>
 *   <li>{@link io.vista.core.train.SaeTrainer}: step by step on {@code float[][]} rows or data-layer
 *       batches; {@code model()} snapshots; {@code saveCheckpoint}/{@code resume} continue exactly.
 *   <li>{@link io.vista.core.train.Trainer}: the one epoch loop over a streamed {@link
 *       io.vista.core.data.LatentFile} for any {@link io.vista.core.train.TrainTask} ({@link
 *       io.vista.core.train.SaeTask}, {@link io.vista.core.train.ProbeTask}): validation, metrics to
 *       {@link io.vista.core.train.MetricsSink}s, {@code best/} and {@code last/} checkpoints
 *       ({@link io.vista.core.train.CheckpointManager}), resume, and a stop naming the step when the
 *       loss stops being finite.
 * </ul>
 *
 * <pre>{@code
 * try (SaeTrainer t = SaeTrainer.create(SaeSpec.topK(768, 3072, 32), TrainOptions.defaults())) {
 *   for (float[][] batch : batches) t.step(batch);
 *   t.model().save(Path.of("sae"));
 * }
 * }</pre>
 */
package io.vista.core.train;
