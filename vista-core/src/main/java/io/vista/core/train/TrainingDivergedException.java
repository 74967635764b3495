package io.vista.core.train;

import io.vista.core.VistaException;

/** The loss became NaN or infinite; the last checkpoint is left as it was before this step. */
public final class TrainingDivergedException extends VistaException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(long step, int epoch, double loss) {
    super("training diverged: loss is " + loss + " at step " + step + " (epoch " + epoch
        + "); last/ holds the state from before this step");
  }
}
