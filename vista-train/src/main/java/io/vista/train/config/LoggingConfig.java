package io.vista.train.config;

/**
 * Where metrics and progress go ({@code logging}).
 *
 * @param tensorboard write TensorBoard event files under the run directory
 * @param csv write {@code metrics.csv} under the run directory
 * @param quiet print only warnings and errors
 * @param progress show a progress line while training
 */
public record LoggingConfig(boolean tensorboard, boolean csv, boolean quiet, boolean progress) {

  /** TensorBoard and CSV on, normal output, progress line on. */
  public static final LoggingConfig DEFAULT = new LoggingConfig(true, true, false, true);

  /** The {@code logging} section; absent keys take {@link #DEFAULT}'s values. */
  public static LoggingConfig from(ResolvedConfig root) {
    return new LoggingConfig(
        Checks.boolOr(root, "logging.tensorboard", DEFAULT.tensorboard),
        Checks.boolOr(root, "logging.csv", DEFAULT.csv),
        Checks.boolOr(root, "logging.quiet", DEFAULT.quiet),
        Checks.boolOr(root, "logging.progress", DEFAULT.progress));
  }
}
