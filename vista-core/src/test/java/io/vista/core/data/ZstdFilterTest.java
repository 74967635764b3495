package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames made by libzstd (via make_fixtures.py) decode to their committed content. */
class ZstdFilterTest {
  private final ZstdFilter filter = new ZstdFilter();
  private static final int[] LEVEL_3 = {3};

  @Test
  void identity() {
    assertEquals(32015, filter.getId());
    assertEquals("zstd", filter.getName());
  }

  @Test
  void decodesLibzstdFrameWithContentSize() {
    byte[] frame = HdfFixtures.bytes("zstd_with_content_size.zst");
    // Frame header descriptor: bits 6-7 = content-size field flag, non-zero here.
    assertTrue((frame[4] & 0xC0) != 0 || (frame[4] & 0x20) != 0);
    assertArrayEquals(HdfFixtures.bytes("zstd_no_content_size.raw"), filter.decode(frame, LEVEL_3));
  }

  @Test
  void decodesLibzstdFrameWithoutContentSize() {
    byte[] frame = HdfFixtures.bytes("zstd_no_content_size.zst");
    // Descriptor 0x00: no content size, not single-segment (a window descriptor follows).
    assertEquals(0, frame[4] & 0xE0);
    assertArrayEquals(HdfFixtures.bytes("zstd_no_content_size.raw"), filter.decode(frame, LEVEL_3));
  }

  /** The streaming path decodes direct buffers (mapped chunks) and heap buffers alike. */
  @Test
  void directAndHeapBuffersGiveTheSameBytes() {
    assertTrue(ZstdFilter.decoderName().startsWith("libzstd (zstd-jni "), ZstdFilter.decoderName());
    Random random = new Random(7);
    for (int size : new int[] {1, 850, 65_536, 1_000_003}) {
      byte[] data = new byte[size];
      for (int i = 0; i < size; i++) {
        data[i] = (byte) (i % 2 == 0 ? random.nextInt(256) : 0x38 + random.nextInt(8)); // float16-like
      }
      byte[] frame = filter.encode(data, LEVEL_3);
      byte[] viaHeap = new byte[size];
      byte[] viaDirect = new byte[size];
      byte[] padded = new byte[frame.length + 10];
      System.arraycopy(frame, 0, padded, 7, frame.length);
      ZstdFilter.decodeInto(java.nio.ByteBuffer.wrap(padded, 7, frame.length).slice(), viaHeap); // array offset 7
      ZstdFilter.decodeInto(direct(frame), viaDirect);
      assertArrayEquals(data, viaHeap, "heap, size " + size);
      assertArrayEquals(data, viaDirect, "direct, size " + size);
    }
  }

  private static java.nio.ByteBuffer direct(byte[] bytes) {
    return java.nio.ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }

  @Test
  void decodeIntoAKnownSizeWorksWithAndWithoutContentSize() {
    byte[] raw = HdfFixtures.bytes("zstd_no_content_size.raw");
    for (String name : new String[] {"zstd_with_content_size.zst", "zstd_no_content_size.zst"}) {
      byte[] frame = HdfFixtures.bytes(name);
      java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(frame.length).put(frame).flip();
      byte[] out = new byte[raw.length];
      ZstdFilter.decodeInto(direct, out); // direct, as a mapped chunk is
      assertArrayEquals(raw, out, name);
      byte[] tooShort = new byte[raw.length - 1];
      assertThrows(DataException.class, () -> ZstdFilter.decodeInto(java.nio.ByteBuffer.wrap(frame), tooShort), name);
      byte[] tooLong = new byte[raw.length + 1];
      DataException e = assertThrows(DataException.class,
          () -> ZstdFilter.decodeInto(java.nio.ByteBuffer.wrap(frame), tooLong), name);
      assertTrue(e.getMessage().contains("expected " + tooLong.length), e.getMessage());
    }
    byte[] noise = new byte[64];
    new Random(3).nextBytes(noise);
    assertThrows(DataException.class, () -> ZstdFilter.decodeInto(java.nio.ByteBuffer.wrap(noise), new byte[100]));
  }

  @Test
  void encodeThenDecodeRoundTripsAndRecordsTheSize() {
    Random random = new Random(11);
    for (int size : new int[] {0, 1, 100, 4096, 300_000}) {
      byte[] data = new byte[size];
      for (int i = 0; i < size; i++) {
        data[i] = (byte) (random.nextInt(16)); // compressible, like float16 high bytes
      }
      byte[] frame = filter.encode(data, LEVEL_3);
      assertEquals(0xFD2FB528, (frame[0] & 0xFF) | (frame[1] & 0xFF) << 8 | (frame[2] & 0xFF) << 16 | (frame[3] & 0xFF) << 24);
      assertEquals(size, com.github.luben.zstd.Zstd.getFrameContentSize(frame));
      assertArrayEquals(data, filter.decode(frame, LEVEL_3));
    }
  }

  /** The filter's cd_values[0] is the level, as hdf5plugin writes it; none means 3. */
  @Test
  void encodeUsesTheLevelOfTheFilterData() {
    byte[] data = new byte[200_000];
    Random random = new Random(13);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 4 == 0 ? random.nextInt(256) : random.nextInt(3) + i / 1000 % 5); // repetitive
    }
    byte[] fast = filter.encode(data, new int[] {1});
    byte[] strong = filter.encode(data, new int[] {19});
    byte[] byDefault = filter.encode(data, new int[0]);
    assertTrue(strong.length < fast.length, strong.length + " bytes at 19, " + fast.length + " at 1");
    assertArrayEquals(filter.encode(data, LEVEL_3), byDefault);
    for (byte[] frame : List.of(fast, strong, byDefault)) {
      assertArrayEquals(data, filter.decode(frame, LEVEL_3));
    }
  }

  @Test
  void garbageIsADataException() {
    byte[] noise = new byte[200];
    new Random(5).nextBytes(noise);
    DataException e = assertThrows(DataException.class, () -> filter.decode(noise, LEVEL_3));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    assertThrows(DataException.class, () -> filter.decode(new byte[0], LEVEL_3));
  }

  @Test
  void truncatedOrDamagedFramesAreDataExceptions() {
    byte[] frame = HdfFixtures.bytes("zstd_with_content_size.zst");
    for (int keep : new int[] {5, 8, frame.length / 2, frame.length - 1}) {
      byte[] cut = Arrays.copyOf(frame, keep);
      assertThrows(DataException.class, () -> filter.decode(cut, LEVEL_3), "kept " + keep);
    }
    byte[] noSize = HdfFixtures.bytes("zstd_no_content_size.zst");
    byte[] cut = Arrays.copyOf(noSize, noSize.length / 2);
    assertThrows(DataException.class, () -> filter.decode(cut, LEVEL_3));
  }

  /**
   * Fixed-seed fuzzing: flipping bytes after the magic number either still decodes (zstd frames
   * carry no checksum by default) or raises a DataException -- never another exception, never a hang.
   */
  @Test
  void damagedFramesNeverEscapeAsOtherExceptions() {
    byte[] chunk = HdfFixtures.bytes("zstd_with_content_size.zst");
    Random random = new Random(2024);
    int failures = 0;
    for (int trial = 0; trial < 3000; trial++) {
      byte[] damaged = chunk.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = 4 + random.nextInt(damaged.length - 4);
        damaged[at] = (byte) random.nextInt(256);
      }
      try {
        filter.decode(damaged, LEVEL_3);
      } catch (DataException e) {
        failures++;
        assertTrue(e.getMessage().startsWith("corrupt zstd chunk"), e.getMessage());
      }
      try {
        ZstdFilter.decodeInto(java.nio.ByteBuffer.wrap(damaged), new byte[850]); // heap buffer
      } catch (DataException e) {
        assertTrue(e.getMessage().startsWith("corrupt zstd chunk"), e.getMessage());
      }
      try {
        ZstdFilter.decodeInto(direct(damaged), new byte[850]); // direct buffer
      } catch (DataException e) {
        assertTrue(e.getMessage().startsWith("corrupt zstd chunk"), e.getMessage());
      }
    }
    assertTrue(failures > 0, "some damage must be detected");
  }

  @Test
  void absurdContentSizeIsRefusedWithoutAllocating() {
    // Magic, descriptor 0xC0 (8-byte content size, not single segment), window descriptor, size 2^40.
    byte[] frame = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD, (byte) 0xE0, 0x50,
        0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    DataException e = assertThrows(DataException.class, () -> filter.decode(frame, LEVEL_3));
    assertTrue(e.getMessage().startsWith("corrupt zstd chunk: header claims"), e.getMessage());
  }
}
