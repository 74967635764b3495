/**
 * The multi-task linear probe of the Python VISTA ({@code LinearProbe}: independent age, gender and
 * race heads over one input). {@link io.vista.core.probe.ProbeModel} is a trained probe as an
 * immutable object ({@code load}, {@code save}, {@code predict} of class indices and
 * probabilities); {@link io.vista.core.probe.ProbeSession} trains one in its own graph and session
 * (Adam as torch computes it, only the probe's variables trained).
 *
 * <pre>{@code
 * try (ProbeModel probe = ProbeModel.load(Path.of("runs/probe/best"))) {
 *   int[] race = probe.predict(features).classes().get("race");
 * }
 * }</pre>
 */
package io.vista.core.probe;
