/**
 * SAE checkpoints for evaluation: {@link io.vista.eval.model.SaeCheckpoints} reads this project's checkpoint
 * folders, SAELens folders and the Python VISTA's Lightning {@code .ckpt} files into a
 * {@link io.vista.eval.model.LoadedSae}, and writes the project's folder format ({@code vista-eval convert}).
 */
package io.vista.eval.model;
