package io.vista.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Per-op times of traced training steps ({@code RunOptions.TraceLevel.FULL_TRACE}, {@code
 * RunMetadata.getStepStats()}), summed by op type and by node. With more than one inter-op thread
 * ops overlap, so the sum of op times can exceed the step's wall time, and an op that waits for a
 * busy intra-op pool is charged the wait; with {@code --threads N,1} ops run one at a time and
 * the times add up to the step.
 *
 * @param steps traced steps the times are averaged over
 * @param opSumMs sum of all op times per step
 * @param byType the top op types: name, ms per step, share of {@code opSumMs}
 * @param byNode the top nodes: {@code node [type] -> output shape}, ms per step, share
 */
record OpProfile(int steps, double opSumMs, List<Entry> byType, List<Entry> byNode) {
  /** One line of the profile. */
  record Entry(String name, double ms, double share) {}

  static OpProfile of(List<RunMetadata> runs, int top) {
    Map<String, Long> type = new HashMap<>();
    Map<String, Long> node = new HashMap<>();
    long sum = 0;
    for (RunMetadata md : runs) {
      for (DeviceStepStats dev : md.getStepStats().getDevStatsList()) {
        for (NodeExecStats n : dev.getNodeStatsList()) {
          long us = n.getOpEndRelMicros() - n.getOpStartRelMicros();
          String op = opType(n.getTimelineLabel());
          type.merge(op, us, Long::sum);
          node.merge(n.getNodeName() + " [" + op + "] -> " + shape(n), us, Long::sum);
          sum += us;
        }
      }
    }
    int steps = Math.max(1, runs.size());
    double total = sum;
    return new OpProfile(runs.size(), sum / 1e3 / steps, top(type, top, steps, total), top(node, top, steps, total));
  }

  private static List<Entry> top(Map<String, Long> m, int n, int steps, double total) {
    List<Entry> out = new ArrayList<>();
    m.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(n)
        .forEach(e -> out.add(new Entry(e.getKey(), e.getValue() / 1e3 / steps, total > 0 ? e.getValue() / total : 0)));
    return out;
  }

  /** The op type from a timeline label such as {@code "name = MatMul(a, b)"}. */
  static String opType(String label) {
    String s = label.contains("=") ? label.substring(label.indexOf('=') + 1).trim() : label;
    int paren = s.indexOf('(');
    return paren > 0 ? s.substring(0, paren) : s;
  }

  private static String shape(NodeExecStats n) {
    if (n.getOutputCount() == 0) {
      return "";
    }
    TensorShapeProto s = n.getOutput(0).getTensorDescription().getShape();
    return s.getDimList().stream().map(d -> Long.toString(d.getSize())).collect(Collectors.joining("x"));
  }
}
