package io.vista.core.data.write;

import io.airlift.compress.zstd.ZstdDecompressor;
import io.jhdf.filter.Filter;

/**
 * Test-scope jHDF decoder for filter 32015 (one zstd frame per chunk), so the writer's tests can
 * read files back through jHDF before the reader's main ZstdFilter exists. Independent of the
 * writer: it trusts only the frame's declared content size, as the HDF5 plugin does.
 */
public final class TestZstdFilter implements Filter {
  @Override
  public int getId() {
    return 32015;
  }

  @Override
  public String getName() {
    return "zstd (test)";
  }

  @Override
  public byte[] decode(byte[] encodedData, int[] filterData) {
    long size = ZstdDecompressor.getDecompressedSize(encodedData, 0, encodedData.length);
    if (size < 0 || size > Integer.MAX_VALUE) {
      throw new IllegalStateException("zstd frame without a usable content size: " + size);
    }
    byte[] out = new byte[(int) size];
    int n = new ZstdDecompressor().decompress(encodedData, 0, encodedData.length, out, 0, out.length);
    if (n != size) {
      throw new IllegalStateException("zstd frame decoded to " + n + " bytes, declared " + size);
    }
    return out;
  }
}
