/**
 * Where a training run's metrics go: metrics.csv and TensorBoard event files. (The console display is
 * {@link io.vista.cli.ProgressDisplay}, shared with the other command lines.)
 */
package io.vista.train.log;
