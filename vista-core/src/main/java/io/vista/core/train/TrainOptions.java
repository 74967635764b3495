package io.vista.core.train;

import io.vista.core.LearningRateSchedule;
import io.vista.core.VistaException;

/**
 * How a model is trained, apart from its own hyper-parameters: TensorFlow's thread pools, the
 * learning-rate schedule and the seed of the initial weights.
 *
 * <pre>{@code
 * TrainOptions o = TrainOptions.defaults().withSeed(7).withThreads(2, 1);
 * }</pre>
 *
 * @param intraOpThreads threads inside one op (matmul, top-k); 0 = TensorFlow's choice
 * @param interOpThreads ops run concurrently; 0 = TensorFlow's choice
 * @param schedule learning-rate factor over the optimizer steps ({@link LearningRateSchedule#CONSTANT}, as the Python)
 * @param seed seed of the initial weights (the same seed gives the same weights)
 */
public record TrainOptions(int intraOpThreads, int interOpThreads, LearningRateSchedule schedule, long seed) {
  /** The seed of the Python config ({@code seed: 42}). */
  public static final long DEFAULT_SEED = 42;

  /** Validates. */
  public TrainOptions {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new VistaException("thread counts must be >= 0 (0 = TensorFlow's choice); got intra_op = "
          + intraOpThreads + ", inter_op = " + interOpThreads);
    }
    if (schedule == null) {
      throw new VistaException("schedule is required (LearningRateSchedule.CONSTANT for none)");
    }
  }

  /** TensorFlow's thread pools, a constant learning rate, seed 42. */
  public static TrainOptions defaults() {
    return new TrainOptions(0, 0, LearningRateSchedule.CONSTANT, DEFAULT_SEED);
  }

  /** The same options with another seed. */
  public TrainOptions withSeed(long s) {
    return new TrainOptions(intraOpThreads, interOpThreads, schedule, s);
  }

  /** The same options with other thread pools. */
  public TrainOptions withThreads(int intraOp, int interOp) {
    return new TrainOptions(intraOp, interOp, schedule, seed);
  }

  /** The same options with another learning-rate schedule. */
  public TrainOptions withSchedule(LearningRateSchedule s) {
    return new TrainOptions(intraOpThreads, interOpThreads, s, seed);
  }
}
