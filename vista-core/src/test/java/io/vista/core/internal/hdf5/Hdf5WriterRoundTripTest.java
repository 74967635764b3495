package io.vista.core.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.vista.core.data.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes {@link CrossCheckFile} once and reads it back through jHDF 0.13 (an independent HDF5
 * reader), comparing every value with the closed-form patterns. The same file passes h5py's
 * checks in tools/hdf5_writer/verify_with_h5py.py.
 */
class Hdf5WriterRoundTripTest {
  /**
   * binary16 bit patterns numpy 1.24 produced for {@link CrossCheckFile#SPECIAL} with
   * {@code astype(np.float16)} (printed by verify_with_h5py.py), an independent expectation.
   */
  private static final int[] NUMPY_SPECIAL_BITS = {
    0, 32768, 15360, 49152, 31743, 31744, 31744, 64512, 1, 0, 1, 1024, 31744, 64512, 32256,
    15361, 15360, 15362, 16968, 46421
  };

  @TempDir static Path dir;
  private static Path file;

  @BeforeAll
  static void writeFile() {
    file = dir.resolve("cross-check.h5");
    CrossCheckFile.write(file);
  }

  @Test
  void rootAttributesAndMembers() {
    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals("CrossCheck", hdf.getAttribute("model").getData());
      assertEquals("cross-check", hdf.getAttribute("dataset").getData());
      assertEquals("äöü – 数据 ✓", hdf.getAttribute("unicode").getData());
      assertEquals("", hdf.getAttribute("empty").getData());
      assertTrue(hdf.getAttribute("model").isScalar());
      assertEquals(
          java.util.Set.of("training", "validation", "many", "split", "big", "empty", "special", "links"),
          hdf.getChildren().keySet());
      assertEquals("float16 (N,T,d)", hdf.getDatasetByPath("/training/encoded").getAttribute("note").getData());
    }
  }

  @Test
  void vistaTrainingSplit() {
    try (HdfFile hdf = new HdfFile(file)) {
      Dataset enc = hdf.getDatasetByPath("/training/encoded");
      assertArrayEquals(new int[] {1000, 4, 16}, enc.getDimensions());
      assertArrayEquals(new int[] {128, 4, 16}, ((ChunkedDataset) enc).getChunkDimensions());
      assertZstd(enc);
      assertFloat16(enc, 64000, 1);
      String[] labels = {"age", "gender", "race"};
      for (int k = 0; k < labels.length; k++) {
        Dataset l = hdf.getDatasetByPath("/training/labels/" + labels[k]);
        assertArrayEquals(new int[] {512}, ((ChunkedDataset) l).getChunkDimensions());
        assertArrayEquals(CrossCheckFile.longs(0, 1000, 10 + k), (long[]) l.getDataFlat());
      }
      assertArrayEquals(CrossCheckFile.longs(0, 1000, 20),
          (long[]) hdf.getDatasetByPath("/training/original_indices").getDataFlat());
      Dataset val = hdf.getDatasetByPath("/validation/encoded");
      assertArrayEquals(new int[] {300, 32}, val.getDimensions());
      assertFloat16(val, 9600, 2);
    }
  }

  @Test
  void multiLevelChunkTreesAndSplitChunks() {
    try (HdfFile hdf = new HdfFile(file)) {
      Dataset many = hdf.getDatasetByPath("/many/float32");
      assertArrayEquals(CrossCheckFile.floats(0, 15000, 3), (float[]) many.getDataFlat());
      Dataset deep = hdf.getDatasetByPath("/many/int64");
      assertTrue(deep.getFilters().isEmpty());
      assertArrayEquals(CrossCheckFile.longs(0, 70000, 4), (long[]) deep.getDataFlat());
      Dataset tiles = hdf.getDatasetByPath("/split/tiles");
      assertArrayEquals(new int[] {4, 3, 4}, ((ChunkedDataset) tiles).getChunkDimensions());
      assertArrayEquals(CrossCheckFile.floats(0, 630, 5), (float[]) tiles.getDataFlat());
    }
  }

  @Test
  void streamedChunksAndInterleavedDataset() {
    try (HdfFile hdf = new HdfFile(file)) {
      assertFloat16(hdf.getDatasetByPath("/big/streamed"), 3 * 1024 * 2048, 6);
      assertArrayEquals(CrossCheckFile.longs(0, 3000, 7),
          (long[]) hdf.getDatasetByPath("/big/side").getDataFlat());
      assertArrayEquals(CrossCheckFile.floats(0, 3 * 1024 * 1024, 8),
          (float[]) hdf.getDatasetByPath("/big/raw").getDataFlat());
    }
  }

  @Test
  void float16SpecialValuesMatchNumpyBits() {
    try (HdfFile hdf = new HdfFile(file)) {
      ChunkedDataset special = (ChunkedDataset) hdf.getDatasetByPath("/special");
      ByteBuffer raw = ByteBuffer.wrap(special.getDecompressedChunk(new int[] {0}))
          .order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < NUMPY_SPECIAL_BITS.length; i++) {
        assertEquals(NUMPY_SPECIAL_BITS[i], raw.getShort(2 * i) & 0xFFFF, "special value " + i);
      }
    }
  }

  @Test
  void emptyDatasetAndGroupWithManyLinks() {
    try (HdfFile hdf = new HdfFile(file)) {
      Dataset empty = hdf.getDatasetByPath("/empty");
      assertArrayEquals(new int[] {0, 5}, empty.getDimensions());
      Group links = (Group) hdf.getByPath("/links");
      Map<String, io.jhdf.api.Node> children = links.getChildren();
      assertEquals(CrossCheckFile.MANY_GROUP_LINKS, children.size());
      for (int k = 0; k < CrossCheckFile.MANY_GROUP_LINKS; k++) {
        assertArrayEquals(new long[] {k}, (long[]) ((Dataset) children.get("d" + k)).getDataFlat());
      }
    }
  }

  private static void assertZstd(Dataset d) {
    List<PipelineFilterWithData> filters = d.getFilters();
    assertEquals(1, filters.size());
    assertEquals(32015, filters.get(0).getId());
    assertArrayEquals(new int[] {3}, filters.get(0).getFilterData());
  }

  /** jHDF decodes float16 itself; each value must be the pattern rounded to binary16. */
  private static void assertFloat16(Dataset d, int count, int salt) {
    float[] actual = (float[]) d.getDataFlat();
    assertEquals(count, actual.length);
    for (int i = 0; i < count; i++) {
      float expected = Float16.toFloat(Float16.fromFloat(CrossCheckFile.floatPattern(i, salt)));
      if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual[i])) {
        throw new AssertionError(d.getPath() + "[" + i + "] = " + actual[i] + ", expected " + expected);
      }
    }
  }
}
