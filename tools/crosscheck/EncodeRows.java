import io.vista.core.sae.SaeModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Encodes rows with {@code io.vista.core.sae.SaeModel} for tools/crosscheck/sae_model_encode.py.
 *
 * <p>Single-file program for the JDK source launcher (no package):
 *
 * <pre>
 * java -cp vista-core/target/classes:&lt;test-scope jars&gt; tools/crosscheck/EncodeRows.java \
 *     &lt;ckpt&gt; &lt;rows.f32&gt; &lt;rows&gt; &lt;d&gt; &lt;out.f32&gt;
 * </pre>
 *
 * Reads {@code rows x d} little-endian float32 values (row-major), loads the checkpoint with
 * {@code SaeModel.load}, encodes ALL rows in one {@code encode} call (batchtopk selects over the
 * whole batch) and writes the {@code rows x m} codes as little-endian float32 (row-major). One
 * line on stdout: {@code m=<dSae> rows=<rows> load_ms=<..> encode_ms=<..>}.
 */
public final class EncodeRows {
  private EncodeRows() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: EncodeRows <ckpt> <rows.f32> <rows> <d> <out.f32>");
      System.exit(2);
    }
    Path ckpt = Path.of(args[0]);
    Path in = Path.of(args[1]);
    int rows = Integer.parseInt(args[2]);
    int d = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);

    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(in)).order(ByteOrder.LITTLE_ENDIAN);
    if (buf.remaining() != (long) rows * d * Float.BYTES) {
      throw new IllegalArgumentException(
          in + ": " + buf.remaining() + " bytes, expected rows*d*4 = " + (long) rows * d * 4);
    }
    float[][] x = new float[rows][d];
    for (float[] row : x) {
      buf.asFloatBuffer().get(row);
      buf.position(buf.position() + d * Float.BYTES);
    }

    long t0 = System.nanoTime();
    float[][] z;
    int m;
    long t1;
    try (SaeModel sae = SaeModel.load(ckpt)) {
      m = sae.spec().dSae();
      t1 = System.nanoTime();
      z = sae.encode(x);
    }
    long t2 = System.nanoTime();

    if (z.length != rows) {
      throw new IllegalStateException("encode returned " + z.length + " rows, expected " + rows);
    }
    ByteBuffer o =
        ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(rows, m), Float.BYTES))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows; i++) {
      if (z[i].length != m) {
        throw new IllegalStateException("row " + i + " has " + z[i].length + " codes, expected " + m);
      }
      for (float v : z[i]) {
        o.putFloat(v);
      }
    }
    Files.write(out, o.array());
    System.out.printf(
        "m=%d rows=%d load_ms=%.1f encode_ms=%.1f%n", m, rows, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
  }
}
