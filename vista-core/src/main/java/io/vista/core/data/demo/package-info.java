/**
 * Synthetic VISTA-format latent files with a known ground truth, for trying the pipeline without
 * FairFace or a vision encoder, and for checking that an SAE recovers planted features: every
 * token is a sparse non-negative combination of near-orthogonal dictionary atoms, some of which
 * fire more often for one demographic class ("attribute atoms") or only when two attributes
 * match together ("intersectional atoms"). {@link io.vista.core.data.demo.DemoGenerator} writes
 * the file and the truth; {@code vista-train generate-demo} is its command line.
 */
package io.vista.core.data.demo;

