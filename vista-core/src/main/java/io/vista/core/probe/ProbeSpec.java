package io.vista.core.probe;

import io.vista.core.VistaException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape and training settings of the multi-task linear probe (the Python {@code LinearProbe}):
 * one independent linear head per task over a shared input.
 *
 * @param inputDim width of the pooled input features ({@code module.input_dim})
 * @param taskClasses classes per task, in head order ({@code age} 9, {@code gender} 2, {@code race} 7)
 * @param learningRate Adam learning rate ({@code module.learning_rate})
 */
public record ProbeSpec(int inputDim, Map<String, Integer> taskClasses, double learningRate) {
  /** The FairFace tasks in the Python's order. */
  public static final java.util.List<String> TASKS = java.util.List.of("age", "gender", "race");
  /** The Python ProbeModule's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  public ProbeSpec {
    if (inputDim <= 0) {
      throw new VistaException("module.input_dim = " + inputDim + " must be positive");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new VistaException("module.learning_rate = " + learningRate + " must be a positive number");
    }
    if (taskClasses.isEmpty()) {
      throw new VistaException("the probe needs at least one task");
    }
    taskClasses.forEach((task, c) -> {
      if (c == null || c < 2) {
        throw new VistaException("module." + task + "_classes = " + c + " must be at least 2");
      }
    });
    taskClasses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(taskClasses));
  }

  /** The FairFace probe: age 9, gender 2, race 7 classes unless configured otherwise. */
  public static ProbeSpec fairFace(int inputDim, int age, int gender, int race, double learningRate) {
    Map<String, Integer> c = new LinkedHashMap<>();
    c.put("age", age);
    c.put("gender", gender);
    c.put("race", race);
    return new ProbeSpec(inputDim, c, learningRate);
  }
}
