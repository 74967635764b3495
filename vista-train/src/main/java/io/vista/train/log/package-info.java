/** Where a training run's metrics go: metrics.csv, TensorBoard event files, console progress. */
package io.vista.train.log;
