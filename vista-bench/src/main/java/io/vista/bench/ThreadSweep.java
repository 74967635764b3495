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
 * settings (intra-op/inter-op): 0/0 (TensorFlow's defaults: pools sized to the cores), 1/1, 2/1 and
 * 2/2. One session per setting, all open at once, stepped in rotation (two steps each per turn), so
 * a change in the machine's load hits every setting alike.
 *
 * @param settings the settings, as {@code "intra/inter"}
 * @param ceilingGflops per setting, the six-product MatMul rate
 * @param stepMs per variant, per setting, the median training step in ms
 * @param cpuMs per variant, per setting, the process CPU time per step in ms
 */
record ThreadSweep(List<String> settings, Map<String, Double> ceilingGflops, Map<String, Map<String, Double>> stepMs,
    Map<String, Map<String, Double>> cpuMs) {
  static final int[][] SETTINGS = {{0, 0}, {1, 1}, {2, 1}, {2, 2}};
  static final int PER_TURN = 2;

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
    Map<String, Map<String, Double>> cpus = new LinkedHashMap<>();
    int turns = Math.max(1, (o.sweepSteps() + PER_TURN - 1) / PER_TURN);
    for (String v : o.variants()) {
      SaeSpec spec = SaeSpec.builder(v, o.dim(), o.hidden()).build();
      List<SaeSession> sessions = new ArrayList<>();
      try {
        for (int[] s : SETTINGS) {
          sessions.add(new SaeSession(spec, SaeWeights.initialize(spec, o.seed()), s[0], s[1]));
        }
        long[][] wall = new long[SETTINGS.length][turns * PER_TURN];
        long[] cpu = new long[SETTINGS.length];
        int[] i = {0};
        for (SaeSession s : sessions) {
          s.trainStep(tensors.get(0));
          s.trainStep(tensors.get(1 % tensors.size()));
        }
        for (int t = 0; t < turns; t++) {
          for (int k = 0; k < SETTINGS.length; k++) {
            SaeSession s = sessions.get(k);
            long c0 = Clock.processCpuNanos();
            for (int j = 0; j < PER_TURN; j++) {
              long t0 = System.nanoTime();
              s.trainStep(tensors.get(i[0]++ % tensors.size()));
              wall[k][t * PER_TURN + j] = System.nanoTime() - t0;
            }
            cpu[k] += Clock.processCpuNanos() - c0;
          }
        }
        Map<String, Double> row = new LinkedHashMap<>();
        Map<String, Double> cpuRow = new LinkedHashMap<>();
        for (int k = 0; k < SETTINGS.length; k++) {
          StepStats st = StepStats.of(wall[k], cpu[k]);
          row.put(names.get(k), st.medianMs());
          cpuRow.put(names.get(k), st.cpuMsPerRep());
        }
        log.printf("  threads %-10s ms/step %s, CPU ms/step %s%n", v, row, cpuRow);
        steps.put(v, row);
        cpus.put(v, cpuRow);
      } finally {
        sessions.forEach(SaeSession::close);
      }
    }
    return new ThreadSweep(names, ceiling, steps, cpus);
  }
}
