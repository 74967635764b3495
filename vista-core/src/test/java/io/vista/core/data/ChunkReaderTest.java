package io.vista.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.api.dataset.ChunkedDataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The positional chunk reader the batch iterator uses, against jHDF's mapped path and h5py. */
class ChunkReaderTest {

  @Test
  void reachesJHdfsChunkIndexAndReadsWhatTheMappedPathReads() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("tokens_f16.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      assertNotNull(ChunkReader.of(file.hdf(), (ChunkedDataset) file.hdf().getDatasetByPath("/training/encoded")),
          "jHDF's chunk index is not reachable: reads would fall back to per-chunk mapping");
      FeatureSource source = split.source();
      FeatureSource.Scratch scratch = new FeatureSource.Scratch();
      byte[] previous = null;
      for (int b = 0; b < source.numBlocks(); b++) {
        byte[] mapped = source.readBlock(b).clone();
        byte[] viaReader = source.readBlock(b, scratch);
        assertArrayEquals(mapped, viaReader, "block " + b);
        if (previous != null) {
          assertSame(previous, viaReader, "the scratch array is reused for same-sized chunks");
        }
        previous = viaReader;
      }
    }
  }

  /** HDF5 may store a chunk with an optional filter skipped (mask bit set): it is raw bytes then. */
  @Test
  void chunkStoredWithItsFilterSkippedReadsAsH5pyReadsIt() {
    float[] expected = HdfFixtures.floats("filter_mask.training.encoded.f32.bin");
    try (LatentFile file = LatentFile.open(HdfFixtures.path("filter_mask.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      List<Float> values = new ArrayList<>();
      try (BatchIterator it = BatchIterator.open(split, BatchOptions.defaults(5), 0)) {
        while (it.hasNext()) {
          for (float v : it.next().features()) {
            values.add(v);
          }
        }
      }
      assertEquals(expected.length, values.size());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(values.get(i)), "value " + i);
      }
    }
  }

  @Test
  void corruptChunkThroughTheReaderNamesFileAndChunk() {
    try (LatentFile file = LatentFile.open(HdfFixtures.path("bad_chunk.h5"))) {
      LatentSplit split = file.split("training", "encoded");
      DataException e = assertThrows(DataException.class,
          () -> split.source().readBlock(1, new FeatureSource.Scratch()));
      assertTrue(e.getMessage().contains("bad_chunk.h5") && e.getMessage().contains("chunk 1"), e.getMessage());
    }
  }
}
