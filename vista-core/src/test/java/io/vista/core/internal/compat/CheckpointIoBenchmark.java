package io.vista.core.internal.compat;

import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.internal.io.AtomicFiles;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.DType;


import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Prints checkpoint I/O figures for an SAE of realistic size (not a unit test):
 * {@code CheckpointStore} write/read of W_enc [d, m] + W_dec [m, d] and the strided gather the
 * Lightning reader does for a transposed W_dec.
 *
 * <pre>
 * mvn -q -o -pl vista-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx3g -cp vista-core/target/classes:vista-core/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.vista.core.internal.io.CheckpointIoBenchmark [d=2304] [m=9216]
 * </pre>
 */
public final class CheckpointIoBenchmark {
  private CheckpointIoBenchmark() {}

  public static void main(String[] args) throws IOException {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 2304;
    int m = args.length > 1 ? Integer.parseInt(args[1]) : 9216;
    Random rnd = new Random(1);
    float[] wEnc = new float[d * m];
    for (int i = 0; i < wEnc.length; i++) {
      wEnc[i] = (float) rnd.nextGaussian();
    }
    Map<String, NamedTensor> w = new LinkedHashMap<>();
    w.put("W_enc", NamedTensor.ofFloats(new long[] {d, m}, wEnc));
    w.put("W_dec", NamedTensor.ofFloats(new long[] {m, d}, wEnc));
    w.put("b_enc", NamedTensor.ofFloats(new long[] {m}, new float[m]));
    w.put("b_dec", NamedTensor.ofFloats(new long[] {d}, new float[d]));
    double mb = 2.0 * d * m * 4 / 1e6;
    JsonObject cfg = new JsonObject();
    cfg.addProperty("d_in", d);

    Path root = Files.createTempDirectory("vista-ckpt-bench");
    Path dir = root.resolve("ckpt");
    try {
      for (int rep = 0; rep < 3; rep++) {
        long t0 = System.nanoTime();
        CheckpointStore.write(dir, cfg, w, null, null);
        long t1 = System.nanoTime();
        Checkpoint c = CheckpointStore.read(dir);
        long t2 = System.nanoTime();
        float[] back = c.weights().get("W_dec").toFloats();
        long t3 = System.nanoTime();
        System.out.printf("d=%d m=%d (%.0f MB): write+fsync+swap %.0f ms (%.0f MB/s), read %.0f ms (%.0f MB/s), "
                + "W_dec toFloats %.0f ms%n", d, m, mb, (t1 - t0) / 1e6, mb / ((t1 - t0) / 1e9),
            (t2 - t1) / 1e6, mb / ((t2 - t1) / 1e9), (t3 - t2) / 1e6);
        if (back[back.length - 1] != wEnc[wEnc.length - 1]) {
          throw new AssertionError("round trip mismatch");
        }
      }
      // The Lightning reader's gather of a transposed [m, d] view over a [d, m] storage.
      ByteBuffer storage = ByteBuffer.allocate(d * m * 4).order(ByteOrder.LITTLE_ENDIAN);
      storage.asFloatBuffer().put(wEnc);
      for (int rep = 0; rep < 3; rep++) {
        long t0 = System.nanoTime();
        NamedTensor t = TorchPickle.view(storage, DType.F32, 0, new long[] {m, d}, new long[] {1, m}, "0");
        long t1 = System.nanoTime();
        System.out.printf("strided gather of a transposed [%d, %d] float32: %.0f ms (%.0f MB/s)%n",
            m, d, (t1 - t0) / 1e6, mb / 2 / ((t1 - t0) / 1e9));
        if (t.data().getFloat(4) != wEnc[m]) {
          throw new AssertionError("gather mismatch");
        }
      }
    } finally {
      AtomicFiles.deleteRecursively(root);
    }
  }
}
