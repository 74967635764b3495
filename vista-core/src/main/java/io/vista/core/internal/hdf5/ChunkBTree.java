package io.vista.core.internal.hdf5;

import java.io.IOException;

/**
 * Writes the version-1 B-tree (spec III.A.1, node type 1) that indexes a chunked dataset under a
 * version-3 layout message, bottom-up once every chunk is in the file.
 *
 * <p>Each key is (stored chunk size, filter mask, chunk offset in elements per dimension, 0 for
 * the element-size dimension); child {@code i} of a node covers keys {@code [key i, key i+1)},
 * compared lexicographically, so the last key of a node is the first key of the next chunk, or for
 * the last chunk its offset plus one chunk in every dimension, as HDF5 writes it. Nodes hold up to
 * {@code 2K = 64} children: K = 32 is HDF5's default "indexed storage" rank, which readers assume
 * when the file (like ours) has no superblock extension; every node is written at its full size
 * because HDF5 reads nodes whole.
 */
final class ChunkBTree {
  static final int TWO_K = 64;

  private final long[] shape;
  private final int[] chunk;
  private final int elementSize;
  private final long[] grid;
  private final ChunkIndex index;
  private final int chunkCount;
  private final int keySize;
  private final int nodeSize;

  ChunkBTree(long[] shape, int[] chunk, int elementSize, ChunkIndex index, int chunkCount) {
    this.shape = shape;
    this.chunk = chunk;
    this.elementSize = elementSize;
    this.index = index;
    this.chunkCount = chunkCount;
    this.grid = chunkGrid(shape, chunk);
    this.keySize = 4 + 4 + 8 * (shape.length + 1);
    this.nodeSize = 4 + 1 + 1 + 2 + 8 + 8 + TWO_K * 8 + (TWO_K + 1) * keySize;
  }

  /** Chunks per dimension: ceil(shape / chunk). */
  static long[] chunkGrid(long[] shape, int[] chunk) {
    long[] grid = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      grid[i] = (shape[i] + chunk[i] - 1) / chunk[i];
    }
    return grid;
  }

  /** Writes all levels and returns the root's address (undefined when there are no chunks). */
  long write(TailWriter tail) throws IOException {
    if (chunkCount == 0) {
      return Hdf5Format.UNDEFINED_ADDRESS;
    }
    // Level 0: each child is a chunk; a level's node i covers children [i*64, (i+1)*64).
    // firstChunk[j] is the first chunk under child j of the level being built.
    long[] childFirstChunk = new long[chunkCount];
    long[] childAddress = new long[chunkCount];
    for (int c = 0; c < chunkCount; c++) {
      childFirstChunk[c] = c;
      childAddress[c] = index.address(c);
    }
    int level = 0;
    while (true) {
      int children = childFirstChunk.length;
      int nodes = (children + TWO_K - 1) / TWO_K;
      long levelStart = tail.end();
      long[] nodeFirstChunk = new long[nodes];
      long[] nodeAddress = new long[nodes];
      for (int n = 0; n < nodes; n++) {
        int from = n * TWO_K;
        int to = Math.min(children, from + TWO_K);
        long address = levelStart + (long) n * nodeSize;
        long left = n > 0 ? address - nodeSize : Hdf5Format.UNDEFINED_ADDRESS;
        long right = n < nodes - 1 ? address + nodeSize : Hdf5Format.UNDEFINED_ADDRESS;
        long endChunk = to < children ? childFirstChunk[to] : chunkCount;
        byte[] node = node(level, left, right, childFirstChunk, childAddress, from, to, endChunk);
        long written = tail.append(node);
        if (written != address) {
          throw new IllegalStateException("B-tree node at " + written + ", expected " + address);
        }
        nodeFirstChunk[n] = childFirstChunk[from];
        nodeAddress[n] = address;
      }
      if (nodes == 1) {
        return nodeAddress[0];
      }
      childFirstChunk = nodeFirstChunk;
      childAddress = nodeAddress;
      level++;
    }
  }

  private byte[] node(
      int level, long left, long right, long[] firstChunk, long[] address, int from, int to,
      long endChunk) {
    LeBytes b = new LeBytes(nodeSize);
    b.ascii("TREE").u8(1).u8(level).u16(to - from).u64(left).u64(right);
    for (int j = from; j < to; j++) {
      key(b, firstChunk[j]);
      b.u64(address[j]);
    }
    key(b, endChunk);
    b.zeros(nodeSize - b.size());
    return b.toArray();
  }

  /** The key of chunk {@code c}, or for {@code c == chunkCount} the key past the last chunk. */
  private void key(LeBytes b, long c) {
    int rank = shape.length;
    if (c < chunkCount) {
      b.u32(index.size((int) c)).u32(0);
      long rest = c;
      long[] scaled = new long[rank];
      for (int i = rank - 1; i >= 0; i--) {
        scaled[i] = rest % grid[i];
        rest /= grid[i];
      }
      for (int i = 0; i < rank; i++) {
        b.u64(scaled[i] * chunk[i]);
      }
      b.u64(0);
    } else {
      // HDF5's right-most key: the last chunk's scaled offset + 1 in every dimension.
      b.u32(0).u32(0);
      for (int i = 0; i < rank; i++) {
        b.u64(grid[i] * chunk[i]);
      }
      b.u64(elementSize);
    }
  }
}
