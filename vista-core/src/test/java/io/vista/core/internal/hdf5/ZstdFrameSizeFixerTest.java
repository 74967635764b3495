package io.vista.core.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.airlift.compress.zstd.ZstdDecompressor;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The frame format checks here follow RFC 8878 section 3.1.1 directly (frame header, then blocks
 * with 3-byte headers until the last-block bit, then the optional 4-byte checksum).
 */
class ZstdFrameSizeFixerTest {
  @Test
  void largeStreamedChunkGetsAnEightByteContentSizeAndStaysOneFrame() throws IOException {
    byte[] input = sample(10 << 20); // beyond aircompressor's 4 MiB streaming buffer
    byte[] frame = compress(input, input.length);
    FrameInfo info = parseFrame(frame);
    assertEquals(3, info.contentSizeFlag());
    assertEquals(input.length, info.contentSize());
    assertEquals(frame.length, info.frameLength(), "exactly one frame, nothing after it");
    assertEquals(input.length, ZstdDecompressor.getDecompressedSize(frame, 0, frame.length));
    byte[] out = new byte[input.length];
    new ZstdDecompressor().decompress(frame, 0, frame.length, out, 0, out.length);
    assertArrayEquals(input, out);
  }

  @Test
  void smallChunkHeaderAlreadyDeclaresTheSizeAndPassesUnchanged() throws IOException {
    byte[] input = sample(1000);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (OutputStream z = new ZstdOutputStream(plain)) {
      z.write(input);
    }
    byte[] fixed = compress(input, input.length);
    assertArrayEquals(plain.toByteArray(), fixed);
    assertEquals(input.length, parseFrame(fixed).contentSize());
  }

  @Test
  void aDeclaredSizeThatDisagreesIsRefused() {
    byte[] input = sample(1000);
    assertThrows(IOException.class, () -> compress(input, input.length + 1));
  }

  @Test
  void bytesThatAreNotAZstdFrameAreRefused() {
    ZstdFrameSizeFixer fixer = new ZstdFrameSizeFixer(new ByteArrayOutputStream(), 10);
    assertThrows(IOException.class, () -> fixer.write(new byte[] {1, 2, 3, 4, 5, 6}));
    ZstdFrameSizeFixer truncated = new ZstdFrameSizeFixer(new ByteArrayOutputStream(), 10);
    assertThrows(IOException.class, truncated::close);
  }

  private static byte[] compress(byte[] input, long declared) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new ZstdOutputStream(new ZstdFrameSizeFixer(out, declared))) {
      for (int at = 0; at < input.length; at += 65_521) {
        z.write(input, at, Math.min(65_521, input.length - at));
      }
    }
    return out.toByteArray();
  }

  /** Half-compressible bytes: random low nibbles, so blocks are neither raw nor RLE only. */
  private static byte[] sample(int size) {
    byte[] b = new byte[size];
    Random random = new Random(7);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i % 251 < 128 ? 0x30 : 0x50) | random.nextInt(16));
    }
    return b;
  }

  record FrameInfo(int contentSizeFlag, long contentSize, long frameLength) {}

  /** RFC 8878 frame walk: header fields, then blocks to the last one, then the checksum. */
  static FrameInfo parseFrame(byte[] f) {
    int magic = (f[0] & 0xFF) | (f[1] & 0xFF) << 8 | (f[2] & 0xFF) << 16 | (f[3] & 0xFF) << 24;
    assertEquals(0xFD2FB528, magic);
    int fhd = f[4] & 0xFF;
    int fcsFlag = fhd >>> 6;
    boolean singleSegment = (fhd & 0x20) != 0;
    boolean checksum = (fhd & 0x04) != 0;
    int dictLength = new int[] {0, 1, 2, 4}[fhd & 3];
    int pos = 5 + (singleSegment ? 0 : 1) + dictLength;
    int fcsLength = fcsFlag == 0 ? (singleSegment ? 1 : 0) : new int[] {0, 2, 4, 8}[fcsFlag];
    long size = -1;
    if (fcsLength > 0) {
      size = 0;
      for (int i = 0; i < fcsLength; i++) {
        size |= (f[pos + i] & 0xFFL) << (8 * i);
      }
      if (fcsLength == 2) {
        size += 256;
      }
    }
    pos += fcsLength;
    while (true) {
      int header = (f[pos] & 0xFF) | (f[pos + 1] & 0xFF) << 8 | (f[pos + 2] & 0xFF) << 16;
      pos += 3;
      int type = (header >>> 1) & 3;
      int blockSize = header >>> 3;
      pos += type == 1 ? 1 : blockSize; // RLE blocks carry one byte
      if ((header & 1) != 0) {
        break;
      }
    }
    return new FrameInfo(fcsFlag, size, pos + (checksum ? 4 : 0));
  }
}
