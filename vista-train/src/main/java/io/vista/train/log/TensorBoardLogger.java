package io.vista.train.log;

import io.vista.core.train.MetricsSink;

import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Scalar curves as TensorBoard event files, written by TensorFlow's own summary ops
 * ({@code CreateSummaryFileWriter} / {@code WriteScalarSummary}) so {@code tensorboard --logdir RUN}
 * reads them. It owns a tiny graph of its own, separate from any model graph.
 */
public final class TensorBoardLogger implements MetricsSink {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final String writeOp;
  private final String flushOp;
  private final String closeOp;

  public TensorBoardLogger(Path logDir) {
    Ops tf = Ops.create(graph);
    SummaryWriter writer = tf.summary.summaryWriter();
    Operand<TString> dir = tf.constant(logDir.toAbsolutePath().toString());
    var create = tf.summary.createSummaryFileWriter(
        writer, dir, tf.constant(100), tf.constant(10_000), tf.constant(".vista"));
    step = tf.placeholder(TInt64.class);
    tag = tf.placeholder(TString.class);
    value = tf.placeholder(TFloat32.class);
    writeOp = tf.summary.writeScalarSummary(writer, step, tag, value).op().name();
    flushOp = tf.summary.flushSummaryWriter(writer).op().name();
    closeOp = tf.summary.closeSummaryWriter(writer).op().name();
    session = new Session(graph);
    session.runner().addTarget(create).run();
  }

  @Override
  public void log(long globalStep, int epoch, Map<String, Double> metrics) {
    try (TInt64 s = TInt64.scalarOf(globalStep)) {
      for (Map.Entry<String, Double> m : metrics.entrySet()) {
        try (TString t = TString.scalarOf(m.getKey());
            TFloat32 v = TFloat32.scalarOf(m.getValue().floatValue())) {
          session.runner().feed(step, s).feed(tag, t).feed(value, v).addTarget(writeOp).run();
        }
      }
    }
  }

  @Override
  public void flush() {
    session.runner().addTarget(flushOp).run();
  }

  @Override
  public void close() {
    try {
      session.runner().addTarget(closeOp).run();
    } finally {
      session.close();
      graph.close();
    }
  }
}
