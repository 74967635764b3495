package io.vista.core.internal.io;

import io.vista.core.CheckpointException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class NamedTensorTest {

  private static ByteBuffer le(int... bytes) {
    ByteBuffer b = ByteBuffer.allocate(bytes.length);
    for (int x : bytes) {
      b.put((byte) x);
    }
    return b.flip();
  }

  @Test
  void floatsAreStoredLittleEndian() {
    NamedTensor t = NamedTensor.ofFloats(new long[] {2}, new float[] {1.0f, -2.0f});
    // 1.0f = 0x3F800000, -2.0f = 0xC0000000, least significant byte first
    ByteBuffer expected = le(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0);
    assertEquals(expected, t.data());
    assertEquals(ByteOrder.LITTLE_ENDIAN, t.data().order());
    assertEquals(2, t.numElements());
    assertEquals(4, t.itemSize());
  }

  @Test
  void decodesHalfAndBfloat16FromBitPatterns() {
    // F16: 0x3C00 = 1, 0xC000 = -2, 0x0001 = 2^-24, 0x7C00 = +inf
    NamedTensor h = new NamedTensor("F16", new long[] {4}, le(0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0x00, 0x7C));
    assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY}, h.toFloats());
    // BF16: 0x3F80 = 1, 0xC049 = -3.140625 (sign, exponent 128, mantissa 0x49/128), 0x0001 = 2^-133
    NamedTensor b = new NamedTensor("BF16", new long[] {3}, le(0x80, 0x3F, 0x49, 0xC0, 0x01, 0x00));
    assertArrayEquals(new float[] {1f, -3.140625f, 0x1p-133f}, b.toFloats());
    assertArrayEquals(new double[] {1, -3.140625, 0x1p-133}, b.toDoubles());
  }

  @Test
  void integersConvertAndFloatsRefuseToBecomeLongs() {
    NamedTensor l = NamedTensor.ofLongs(new long[] {3}, new long[] {Long.MIN_VALUE, -1, 1L << 40});
    assertArrayEquals(new long[] {Long.MIN_VALUE, -1, 1L << 40}, l.toLongs());
    assertArrayEquals(new float[] {-0x1p63f, -1f, 0x1p40f}, l.toFloats());
    NamedTensor u8 = new NamedTensor("U8", new long[] {2}, le(0xFF, 0x01));
    assertArrayEquals(new long[] {255, 1}, u8.toLongs());
    NamedTensor i8 = new NamedTensor("I8", new long[] {2}, le(0xFF, 0x01));
    assertArrayEquals(new long[] {-1, 1}, i8.toLongs());
    NamedTensor f = NamedTensor.ofFloats(new long[] {1}, new float[] {1.5f});
    assertThrows(CheckpointException.class, f::toLongs);
  }

  @Test
  void doublesRoundToNearestFloat() {
    NamedTensor d = NamedTensor.ofDoubles(new long[] {2}, new double[] {0.1, 1e300});
    assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY}, d.toFloats());
    assertArrayEquals(new double[] {0.1, 1e300}, d.toDoubles());
  }

  @Test
  void scalarAndEmptyShapes() {
    NamedTensor s = NamedTensor.ofFloats(new long[] {}, new float[] {7f});
    assertEquals(1, s.numElements());
    NamedTensor e = NamedTensor.ofFloats(new long[] {0, 5}, new float[0]);
    assertEquals(0, e.numElements());
    assertEquals(0, e.toFloats().length);
  }

  @Test
  void isImmutableAndComparesByContent() {
    long[] shape = {2};
    float[] v = {1f, 2f};
    NamedTensor t = NamedTensor.ofFloats(shape, v);
    shape[0] = 99;
    v[0] = 99f;
    t.shape()[0] = 42;
    assertArrayEquals(new long[] {2}, t.shape());
    assertArrayEquals(new float[] {1f, 2f}, t.toFloats());
    ByteBuffer view = t.data();
    view.position(4);
    assertEquals(0, t.data().position());
    assertThrows(ReadOnlyBufferException.class, () -> t.data().put(0, (byte) 1));
    assertEquals(NamedTensor.ofFloats(new long[] {2}, new float[] {1f, 2f}), t);
    assertEquals(NamedTensor.ofFloats(new long[] {2}, new float[] {1f, 2f}).hashCode(), t.hashCode());
    assertNotEquals(NamedTensor.ofFloats(new long[] {1, 2}, new float[] {1f, 2f}), t);
    assertNotEquals(NamedTensor.ofFloats(new long[] {2}, new float[] {1f, 3f}), t);
  }

  @Test
  void rejectsInconsistentConstruction() {
    assertThrows(IllegalArgumentException.class, () -> NamedTensor.ofFloats(new long[] {3}, new float[2]));
    assertThrows(IllegalArgumentException.class, () -> new NamedTensor("F8", new long[] {1}, le(0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NamedTensor("F32", new long[] {-1}, le()));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
  }
}
