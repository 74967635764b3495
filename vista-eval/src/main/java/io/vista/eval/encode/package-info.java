/** Encoding latents through an SAE session batch by batch, shared by evaluation and the SAE-latent export. */
package io.vista.eval.encode;
