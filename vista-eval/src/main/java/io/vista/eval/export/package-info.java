/**
 * The {@code sae-latents} command: {@link io.vista.eval.export.SaeLatentExport} writes the per-token and
 * aggregated SAE-latent files of {@code sae_latent_dataset.py} with the streaming HDF5 writer of vista-core.
 */
package io.vista.eval.export;
