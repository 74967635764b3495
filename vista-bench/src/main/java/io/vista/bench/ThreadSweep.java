package io.vista.bench;

import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.types.TFloat32;

/**
 * The in-memory training step and the bare-MatMul ceiling under several TensorFlow thread
 * settings (intra-op, inter-op): 0/0 (TensorFlow's defaults: both pools sized to the cores), 1/1,
 * 2/1 and 2/2. Settings are run in rotation, one variant at a time, so a change in the machine's
 * load hits them alike.
 *
 * @param settings the settings, as {@code "intra/inter"}
 * @param ceilingGflops per setting, the six-product MatMul rate
 * @param stepMs per variant, per setting, the median training step in ms
 */
record ThreadSweep(List<String> settings, Map<String, Double> ceilingGflops, Map<String, Map<String, Double>> stepMs) {
  static final int[][] SETTINGS = {{0, 0}, {1, 1}, {2, 1}, {2, 2}};

  static ThreadSweep run(BenchOptions o, List<TFloat32> tensors, java.io.PrintStream log) {
    List<String> names = new ArrayList<>();
    Map<String, Double> ceiling = new LinkedHashMap<>();
    for (int[] s : SETTINGS) {
      String name = s[0] + "/" + s[1];
      names.add(name);
      try (MatMulCeiling c = new MatMulCeiling(o.tokensPerBatch(), o.dim(), o.hidden(), s[0], s[1])) {
        ceiling.put(name, c.measure(3).gflops());
      }
    }
    Map<String, Map<String, Double>> steps = new LinkedHashMap<>();
    for (String v : o.variants()) {
      Map<String, Double> row = new LinkedHashMap<>();
      SaeSpec spec = SaeSpec.builder(v, o.dim(), o.hidden()).build();
      for (int[] s : SETTINGS) {
        try (SaeSession session = new SaeSession(spec, SaeWeights.initialize(spec, o.seed()), s[0], s[1])) {
          int[] i = {0};
          StepStats st = Clock.time(2, o.sweepSteps(), () -> session.trainStep(tensors.get(i[0]++ % tensors.size())));
          row.put(s[0] + "/" + s[1], st.medianMs());
        }
      }
      log.printf("  threads %-10s %s%n", v, row);
      steps.put(v, row);
    }
    return new ThreadSweep(names, ceiling, steps);
  }
}
