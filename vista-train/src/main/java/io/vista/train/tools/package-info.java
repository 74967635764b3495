/**
 * Developer tools run from the command line, not part of the trainer: {@link
 * io.vista.train.tools.FixedBatchRun} replays fixed batches through a training session for the
 * cross-check against the Python VISTA implementation ({@code tools/crosscheck/}).
 */
package io.vista.train.tools;
