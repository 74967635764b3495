package io.vista.core.internal.hdf5;

import java.nio.file.Path;

/**
 * Writes the cross-check file: every structure the writer can produce (VISTA layout, 2-D and 3-D,
 * partial last chunks, multi-level chunk B-trees, chunks that split trailing dimensions, chunks
 * streamed through the compressor, interleaved datasets, an empty dataset, float16 special
 * values, a group with more than 8 links, UTF-8 attributes), filled from closed-form patterns that
 * {@code tools/hdf5_writer/verify_with_h5py.py} recomputes with numpy and the jHDF round-trip test
 * recomputes in plain Java.
 *
 * <p>Run: {@code java -cp <test classpath> io.vista.core.internal.hdf5.CrossCheckFile out.h5}
 */
public final class CrossCheckFile {
  /** Float16 inputs with known binary16 results (also listed in the Python script). */
  static final float[] SPECIAL = {
    0f, -0f, 1f, -2f, 65504f, 65520f, 1e6f, -1e6f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f, 0x1p-14f,
    Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1.0009765625f, 1.00048828125f,
    1.00146484375f, 3.14159265f, -0.333333f
  };

  static final int MANY_GROUP_LINKS = 12;

  private CrossCheckFile() {}

  /** The float pattern: exact in float32 (a multiple of 1/64 within +-157). */
  static float floatPattern(long i, int salt) {
    long m = (i * 7919L + salt * 104729L) % 20011L;
    return (float) (m - 10005) / 64.0f;
  }

  static long longPattern(long i, int salt) {
    return i * 1000003L - salt * 7L - 500000000L;
  }

  static float[] floats(long from, int count, int salt) {
    float[] v = new float[count];
    for (int j = 0; j < count; j++) {
      v[j] = floatPattern(from + j, salt);
    }
    return v;
  }

  static long[] longs(long from, int count, int salt) {
    long[] v = new long[count];
    for (int j = 0; j < count; j++) {
      v[j] = longPattern(from + j, salt);
    }
    return v;
  }

  /** Appends {@code total} pattern values in pieces of {@code piece}. */
  static void fill(ChunkedDatasetWriter w, long total, int piece, int salt, boolean asLongs) {
    for (long at = 0; at < total; at += piece) {
      int n = (int) Math.min(piece, total - at);
      if (asLongs) {
        w.append(longs(at, n, salt), 0, n);
      } else {
        w.append(floats(at, n, salt), 0, n);
      }
    }
  }

  public static void write(Path out) {
    try (Hdf5Writer w = Hdf5Writer.create(out)) {
      w.setAttribute("/", "model", "CrossCheck");
      w.setAttribute("/", "dataset", "cross-check");
      w.setAttribute("/", "unicode", "äöü – 数据 ✓");
      w.setAttribute("/", "empty", "");

      // VISTA training split: encoded (N,T,d) float16 with chunks of 128 samples, labels in
      // chunks of 512, N = 1000 not a multiple of either.
      ChunkedDatasetWriter enc = w.createDataset("/training/encoded", ElementType.FLOAT16,
          new long[] {1000, 4, 16}, new int[] {128, 4, 16}, 3);
      fill(enc, 1000L * 4 * 16, 777, 1, false);
      String[] labels = {"age", "gender", "race"};
      for (int k = 0; k < labels.length; k++) {
        ChunkedDatasetWriter l = w.createDataset("/training/labels/" + labels[k], ElementType.INT64,
            new long[] {1000}, new int[] {512}, 3);
        fill(l, 1000, 100, 10 + k, true);
      }
      w.writeLongs("/training/original_indices", longs(0, 1000, 20), null, 3);
      w.setAttribute("/training/encoded", "note", "float16 (N,T,d)");

      // Pooled 2-D validation split.
      ChunkedDatasetWriter val = w.createDataset("/validation/encoded", ElementType.FLOAT16,
          new long[] {300, 32}, new int[] {128, 32}, 3);
      fill(val, 300L * 32, 1000, 2, false);

      // 715 chunks (12 B-tree leaves, 2 levels) and 4375 chunks (3 levels).
      ChunkedDatasetWriter many = w.createDataset("/many/float32", ElementType.FLOAT32,
          new long[] {5000, 3}, new int[] {7, 3}, 3);
      fill(many, 15000, 4096, 3, false);
      ChunkedDatasetWriter deep = w.createDataset("/many/int64", ElementType.INT64,
          new long[] {70000}, new int[] {16}, 0);
      fill(deep, 70000, 9999, 4, true);

      // Chunks that split every dimension, uncompressed, with edge chunks everywhere.
      ChunkedDatasetWriter tiles = w.createDataset("/split/tiles", ElementType.FLOAT32,
          new long[] {10, 7, 9}, new int[] {4, 3, 4}, 0);
      fill(tiles, 630, 61, 5, false);

      // 8 MiB chunks: streamed into the file (above ChunkSink's 4 MiB one-shot limit), while an
      // int64 dataset is filled in between (its chunks wait for the tail).
      ChunkedDatasetWriter big = w.createDataset("/big/streamed", ElementType.FLOAT16,
          new long[] {3, 1024, 2048}, new int[] {2, 1024, 2048}, 3);
      ChunkedDatasetWriter side = w.createDataset("/big/side", ElementType.INT64,
          new long[] {3000}, new int[] {64}, 3);
      long bigTotal = 3L * 1024 * 2048;
      int piece = 100_003;
      for (long at = 0, sideAt = 0; at < bigTotal; at += piece) {
        int n = (int) Math.min(piece, bigTotal - at);
        big.append(floats(at, n, 6), 0, n);
        int s = (int) Math.min(97, 3000 - sideAt);
        if (s > 0) {
          side.append(longs(sideAt, s, 7), 0, s);
          sideAt += s;
        }
      }
      ChunkedDatasetWriter bigRaw = w.createDataset("/big/raw", ElementType.FLOAT32,
          new long[] {3, 1024, 1024}, new int[] {2, 1024, 1024}, 0);
      fill(bigRaw, 3L * 1024 * 1024, 65536 + 3, 8, false);

      w.createDataset("/empty", ElementType.FLOAT16, new long[] {0, 5}, new int[] {1, 5}, 3);
      w.writeFloats("/special", SPECIAL, new long[] {SPECIAL.length}, ElementType.FLOAT16, null, 3);

      for (int k = 0; k < MANY_GROUP_LINKS; k++) {
        w.writeLongs("/links/d" + k, new long[] {k}, null, 0);
      }
      w.commit();
    }
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CrossCheckFile OUT.h5");
      System.exit(2);
    }
    write(Path.of(args[0]));
    System.out.println("wrote " + args[0]);
  }
}
