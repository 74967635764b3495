package io.vista.train.config;

/** What a run trains: an SAE ({@link SaeModuleConfig}) or linear probes ({@link ProbeModuleConfig}). */
public sealed interface ModuleConfig permits SaeModuleConfig, ProbeModuleConfig {

  /** {@code sae} or {@code probe}. */
  String name();

  /** Adam learning rate. */
  double learningRate();
}
