package io.vista.core.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ChunkedDataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Zstandard chunks the writer stores, read back raw through jHDF: each is one frame whose
 * header declares the chunk's size (as the HDF5 plugin needs), decodes with libzstd to exactly the
 * little-endian bytes of the values written, and records the level in the filter's cd_values.
 * Both encoder paths are covered: one-shot (chunks up to 4 MiB) and streamed (larger chunks).
 */
class ZstdChunkEncodingTest {
  @TempDir Path dir;

  /** 8 chunks of 32 KiB (one-shot) and 2 chunks of 5 MiB (streamed, the last one partial). */
  private static final long SMALL_ROWS = 8 * 4096;
  private static final long BIG_ROWS = 2 * (5 << 17) - 1000;
  private static final int BIG_CHUNK_ROWS = 5 << 17;

  /** A compressible int64 sequence: slow ramps with some noise. */
  private static long value(long i) {
    return (i / 7) * 3 + (i * 2654435761L >>> 40) % 5;
  }

  private Path write(String name, int level) {
    Path file = dir.resolve(name);
    try (Hdf5Writer w = Hdf5Writer.create(file)) {
      ChunkedDatasetWriter small = w.createDataset("/small", ElementType.INT64,
          new long[] {SMALL_ROWS}, new int[] {4096}, level);
      ChunkedDatasetWriter big = w.createDataset("/big", ElementType.INT64,
          new long[] {BIG_ROWS}, new int[] {BIG_CHUNK_ROWS}, level);
      append(small, SMALL_ROWS);
      append(big, BIG_ROWS);
      w.commit();
    }
    return file;
  }

  private static void append(ChunkedDatasetWriter d, long rows) {
    long[] piece = new long[10_007];
    for (long at = 0; at < rows; at += piece.length) {
      int n = (int) Math.min(piece.length, rows - at);
      for (int j = 0; j < n; j++) {
        piece[j] = value(at + j);
      }
      d.append(piece, 0, n);
    }
  }

  /** The bytes HDF5 stores for chunk {@code c}: int64 little-endian, the edge chunk zero-padded. */
  private static byte[] expectedChunk(long rows, int chunkRows, int c) {
    ByteBuffer b = ByteBuffer.allocate(chunkRows * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = (long) c * chunkRows; i < (long) (c + 1) * chunkRows; i++) {
      b.putLong(i < rows ? value(i) : 0);
    }
    return b.array();
  }

  /** Frame_Content_Size from a zstd frame header (RFC 8878 3.1.1.1), or -1 when absent. */
  static long declaredContentSize(byte[] frame) {
    assertEquals(0xFD2FB528, ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(0), "magic");
    int descriptor = frame[4] & 0xFF;
    int fcsFlag = descriptor >>> 6;
    boolean singleSegment = (descriptor & 0x20) != 0;
    int dictIdBytes = new int[] {0, 1, 2, 4}[descriptor & 3];
    int at = 5 + (singleSegment ? 0 : 1) + dictIdBytes;
    int fcsBytes = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
    if (fcsBytes == 0) {
      return -1;
    }
    long size = 0;
    for (int k = fcsBytes - 1; k >= 0; k--) {
      size = size << 8 | (frame[at + k] & 0xFF);
    }
    return fcsBytes == 2 ? size + 256 : size;
  }

  private static byte[] rawChunk(ChunkedDataset d, int c, int chunkRows) {
    ByteBuffer buffer = d.getRawChunkBuffer(new int[] {c * chunkRows});
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /** Sum of stored chunk bytes of {@code path}. */
  private static long checkChunks(HdfFile hdf, String path, long rows, int chunkRows, int level) {
    ChunkedDataset d = (ChunkedDataset) hdf.getDatasetByPath(path);
    assertEquals(32015, d.getFilters().get(0).getId());
    assertArrayEquals(new int[] {level}, d.getFilters().get(0).getFilterData());
    int chunks = (int) ((rows + chunkRows - 1) / chunkRows);
    long stored = 0;
    for (int c = 0; c < chunks; c++) {
      byte[] frame = rawChunk(d, c, chunkRows);
      byte[] expected = expectedChunk(rows, chunkRows, c);
      assertEquals(expected.length, declaredContentSize(frame), path + " chunk " + c + ": header content size");
      assertEquals(expected.length, Zstd.getFrameContentSize(frame), path + " chunk " + c);
      assertEquals(0, frame[4] & 0x04, path + " chunk " + c + ": no checksum, as ZSTD_compress writes");
      byte[] decoded = Zstd.decompress(frame, expected.length);
      assertArrayEquals(expected, decoded, path + " chunk " + c);
      assertTrue(frame.length < expected.length / 2, path + " chunk " + c + " compresses");
      stored += frame.length;
    }
    return stored;
  }

  @Test
  void chunksAreSingleFramesWithTheirSizeAndDecodeToTheWrittenBytes() {
    Path file = write("level3.h5", Hdf5Writer.ZSTD_LEVEL);
    try (HdfFile hdf = new HdfFile(file)) {
      checkChunks(hdf, "/small", SMALL_ROWS, 4096, 3);
      checkChunks(hdf, "/big", BIG_ROWS, BIG_CHUNK_ROWS, 3);
      long[] all = (long[]) hdf.getDatasetByPath("/big").getDataFlat(); // jHDF through ZstdFilter
      for (int i = 0; i < all.length; i += 997) {
        assertEquals(value(i), all[i], "big[" + i + "]");
      }
    }
  }

  @Test
  void theLevelChangesTheOutput() {
    List<Integer> levels = List.of(1, 3, 12);
    long[] small = new long[levels.size()];
    long[] big = new long[levels.size()];
    for (int k = 0; k < levels.size(); k++) {
      int level = levels.get(k);
      try (HdfFile hdf = new HdfFile(write("level" + level + ".h5", level))) {
        small[k] = checkChunks(hdf, "/small", SMALL_ROWS, 4096, level);
        big[k] = checkChunks(hdf, "/big", BIG_ROWS, BIG_CHUNK_ROWS, level);
      }
    }
    assertTrue(small[2] < small[0], "one-shot chunks: " + java.util.Arrays.toString(small));
    assertTrue(big[2] < big[0], "streamed chunks: " + java.util.Arrays.toString(big));
  }
}
