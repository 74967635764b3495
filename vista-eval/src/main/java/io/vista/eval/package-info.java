/**
 * vista-eval: post-training evaluation of SAEs (VISTA's {@code src/evaluation.py}), the SAE-latent export
 * ({@code src/setup_datasets/sae_latent_dataset.py}) and checkpoint conversion, run by {@link io.vista.eval.EvalMain}.
 */
package io.vista.eval;
