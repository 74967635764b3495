package io.vista.core.internal.graph;

import io.vista.core.VistaException;
import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Conversions between float32 tensors and flat row-major Java arrays. */
public final class Tensors {
  private Tensors() {}

  /**
   * A new float32 tensor holding a copy of {@code data} (row-major) with the given shape; the
   * caller closes it.
   */
  public static TFloat32 of(float[] data, long... shape) {
    long n = numel(shape);
    if (n != data.length) {
      throw new VistaException(
          "tensor shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  /** A copy of the tensor's values, row-major. */
  public static float[] toArray(TFloat32 tensor) {
    long n = tensor.size();
    if (n > Integer.MAX_VALUE) {
      throw new VistaException(
          "tensor of shape " + tensor.shape() + " is too large for a Java array");
    }
    float[] out = new float[(int) n];
    tensor.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /** The values of a float32 tensor fetched from a run, which must be a {@link TFloat32}. */
  public static float[] toArray(Tensor tensor) {
    return toArray((TFloat32) tensor);
  }

  /** The number of elements of a shape; 1 for a scalar ({@code shape.length == 0}). */
  public static long numel(long... shape) {
    long n = 1;
    for (long s : shape) {
      if (s < 0) {
        throw new VistaException(
            "tensor shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      n = Math.multiplyExact(n, s);
    }
    return n;
  }
}
