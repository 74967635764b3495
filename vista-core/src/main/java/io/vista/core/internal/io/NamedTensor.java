package io.vista.core.internal.io;

import io.vista.core.CheckpointException;

import io.vista.core.data.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named array of a checkpoint: its dtype (safetensors spelling: {@code F32}, {@code F16},
 * {@code BF16}, {@code F64}, {@code I64}, {@code I32}, and also {@code I16}, {@code I8},
 * {@code U8}, {@code BOOL}), its shape (row-major, empty for a scalar) and its raw little-endian
 * bytes.
 *
 * <p>The record is immutable: the shape is copied on the way in and out, and {@link #data()}
 * returns a fresh read-only little-endian view (position 0, limit = byte size) on every call, so
 * callers can move its position freely. {@code equals} compares dtype, shape and bytes.
 *
 * @param dtype element type name
 * @param shape dimensions, each at least 0
 * @param data exactly {@code numElements() * itemSize} bytes, little-endian
 */
public record NamedTensor(String dtype, long[] shape, ByteBuffer data) {

  /** Validates and freezes the arguments; {@link IllegalArgumentException} when inconsistent. */
  public NamedTensor {
    DType type = DType.require(dtype);
    shape = shape.clone();
    long n = elementCount(shape);
    long bytes;
    try {
      bytes = Math.multiplyExact(n, type.itemSize);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    if (data.remaining() != bytes) {
      throw new IllegalArgumentException(
          dtype + " tensor of shape " + Arrays.toString(shape) + " needs " + bytes
              + " bytes, got " + data.remaining());
    }
    data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A float32 tensor holding a copy of {@code values} (row-major). */
  public static NamedTensor ofFloats(long[] shape, float[] values) {
    ByteBuffer b = allocate(values.length, 4);
    b.asFloatBuffer().put(values);
    return new NamedTensor("F32", shape, b);
  }

  /** A float64 tensor holding a copy of {@code values} (row-major). */
  public static NamedTensor ofDoubles(long[] shape, double[] values) {
    ByteBuffer b = allocate(values.length, 8);
    b.asDoubleBuffer().put(values);
    return new NamedTensor("F64", shape, b);
  }

  /** An int64 tensor holding a copy of {@code values} (row-major). */
  public static NamedTensor ofLongs(long[] shape, long[] values) {
    ByteBuffer b = allocate(values.length, 8);
    b.asLongBuffer().put(values);
    return new NamedTensor("I64", shape, b);
  }

  /** An int32 tensor holding a copy of {@code values} (row-major). */
  public static NamedTensor ofInts(long[] shape, int[] values) {
    ByteBuffer b = allocate(values.length, 4);
    b.asIntBuffer().put(values);
    return new NamedTensor("I32", shape, b);
  }

  /** A defensive copy of the shape. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** A fresh read-only little-endian view of the bytes, positioned at 0. */
  @Override
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The number of elements: the product of the shape (1 for a scalar). */
  public long numElements() {
    return elementCount(shape);
  }

  /** The number of bytes per element. */
  public int itemSize() {
    return DType.require(dtype).itemSize;
  }

  /**
   * The elements as float32, row-major. Floating types convert exactly (F16, BF16) or by
   * rounding to nearest (F64); integer and bool types convert as a Java {@code (float)} cast.
   */
  public float[] toFloats() {
    DType type = DType.require(dtype);
    int n = arrayLength();
    float[] out = new float[n];
    ByteBuffer b = data();
    switch (type) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(8 * i);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float16.toFloat(b.getShort(2 * i));
        }
      }
      case BF16 -> {
        // bfloat16 is the upper half of a float32: widening is a shift, exact.
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) integerAt(type, b, i);
        }
      }
    }
    return out;
  }

  /** The elements as float64, row-major; every floating type widens exactly. */
  public double[] toDoubles() {
    DType type = DType.require(dtype);
    if (type == DType.F64) {
      double[] out = new double[arrayLength()];
      data().asDoubleBuffer().get(out);
      return out;
    }
    if (type.floating) {
      float[] f = toFloats();
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    long[] l = toLongs();
    double[] out = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = l[i];
    }
    return out;
  }

  /**
   * The elements of an integer or bool tensor as longs, row-major ({@code U8} and {@code BOOL}
   * unsigned). A floating tensor is refused rather than silently truncated.
   */
  public long[] toLongs() {
    DType type = DType.require(dtype);
    if (type.floating) {
      throw new CheckpointException(
          "tensor of dtype " + dtype + " is not an integer tensor; use toFloats()");
    }
    int n = arrayLength();
    long[] out = new long[n];
    ByteBuffer b = data();
    for (int i = 0; i < n; i++) {
      out[i] = integerAt(type, b, i);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedTensor t
        && dtype.equals(t.dtype)
        && Arrays.equals(shape, t.shape)
        && data.equals(t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
  }

  @Override
  public String toString() {
    return "NamedTensor[" + dtype + " " + Arrays.toString(shape) + "]";
  }

  private static long integerAt(DType type, ByteBuffer b, int i) {
    return switch (type) {
      case I64 -> b.getLong(8 * i);
      case I32 -> b.getInt(4 * i);
      case I16 -> b.getShort(2 * i);
      case I8 -> b.get(i);
      case U8, BOOL -> b.get(i) & 0xFF;
      default -> throw new IllegalStateException(type + " is not an integer type");
    };
  }

  private int arrayLength() {
    long n = numElements();
    if (n > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(
          "tensor of shape " + Arrays.toString(shape) + " has " + n + " elements, too many for a Java array");
    }
    return (int) n;
  }

  private static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows a long");
      }
    }
    return n;
  }

  private static ByteBuffer allocate(int count, int itemSize) {
    return ByteBuffer.allocate(Math.multiplyExact(count, itemSize)).order(ByteOrder.LITTLE_ENDIAN);
  }
}
