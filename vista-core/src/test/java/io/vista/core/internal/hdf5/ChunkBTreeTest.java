package io.vista.core.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses the written version-1 B-tree (spec III.A.1) with its own reader and checks what HDF5's
 * chunk lookup relies on: every chunk once, in row-major order, under keys that increase
 * lexicographically, parents keyed by their children's first keys, and the right-most key one
 * chunk past the last chunk in every dimension.
 */
class ChunkBTreeTest {
  @TempDir Path dir;

  @Test
  void threeLevelTreeOverOneDimension() throws IOException {
    // 4375 chunks: 69 leaves, 2 level-1 nodes, 1 root at level 2.
    Tree t = build(new long[] {70000}, new int[] {16}, 8);
    assertEquals(2, t.rootLevel);
    assertEquals(4375, t.leafEntries.size());
  }

  @Test
  void keysCarryElementOffsetsInEveryDimension() throws IOException {
    Tree t = build(new long[] {10, 7, 9}, new int[] {4, 3, 4}, 4);
    assertEquals(0, t.rootLevel);
    assertEquals(27, t.leafEntries.size());
    // chunk 14 = grid coords (1, 1, 2) in a 3x3x3 grid -> element offsets (4, 3, 8), then 0.
    assertArrayEquals(new long[] {4, 3, 8, 0}, t.leafEntries.get(14).offsets);
    // right-most key: (3*4, 3*3, 3*4) and the element size, as HDF5 writes it.
    assertArrayEquals(new long[] {12, 9, 12, 4}, t.rightMostKey);
  }

  @Test
  void noChunksMeansUndefinedAddress() throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve("e.bin"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      TailWriter tail = new TailWriter(ch, 0);
      long root = new ChunkBTree(new long[] {0, 5}, new int[] {1, 5}, 2, new ChunkIndex(), 0).write(tail);
      assertEquals(-1L, root);
    }
  }

  private record Entry(int size, long[] offsets, long child) {}

  private static final class Tree {
    int rootLevel;
    final List<Entry> leafEntries = new ArrayList<>();
    long[] rightMostKey;
  }

  private Tree build(long[] shape, int[] chunk, int elementSize) throws IOException {
    long[] grid = ChunkBTree.chunkGrid(shape, chunk);
    int chunks = 1;
    for (long g : grid) {
      chunks *= (int) g;
    }
    ChunkIndex index = new ChunkIndex();
    for (int c = 0; c < chunks; c++) {
      index.set(c, 1_000_000L + 1000L * c, 100 + c); // fake, recognisable addresses and sizes
    }
    Path file = dir.resolve("tree.bin");
    long root;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      TailWriter tail = new TailWriter(ch, 0);
      tail.append(new byte[48]);
      root = new ChunkBTree(shape, chunk, elementSize, index, chunks).write(tail);
      tail.flush();
    }
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    Tree tree = new Tree();
    tree.rootLevel = bytes.get((int) root + 5);
    tree.rightMostKey = walk(bytes, root, shape.length, tree, -1, null, null);
    // Every chunk exactly once, in order, with its own size and address.
    for (int c = 0; c < chunks; c++) {
      Entry e = tree.leafEntries.get(c);
      assertEquals(100 + c, e.size);
      assertEquals(1_000_000L + 1000L * c, e.child);
      long rest = c;
      for (int i = shape.length - 1; i >= 0; i--) {
        assertEquals((rest % grid[i]) * chunk[i], e.offsets[i]);
        rest /= grid[i];
      }
    }
    for (int i = 0; i < shape.length; i++) {
      assertEquals(grid[i] * chunk[i], tree.rightMostKey[i]);
    }
    assertEquals(elementSize, tree.rightMostKey[shape.length]);
    return tree;
  }

  /** Reads one node, checks it, recurses; returns the node's last (right) key offsets. */
  private static long[] walk(ByteBuffer b, long address, int rank, Tree tree, int expectedLevel,
      long[] expectedFirstKey, long[] expectedRightKey) {
    int p = (int) address;
    assertEquals("TREE", new String(new byte[] {b.get(p), b.get(p + 1), b.get(p + 2), b.get(p + 3)}));
    assertEquals(1, b.get(p + 4), "node type: raw data chunks");
    int level = b.get(p + 5);
    if (expectedLevel >= 0) {
      assertEquals(expectedLevel, level);
    }
    int entries = b.getShort(p + 6) & 0xFFFF;
    assertTrue(entries >= 1 && entries <= 64, "entries " + entries);
    int keySize = 8 + 8 * (rank + 1);
    int q = p + 24;
    long[] previous = null;
    long[] first = null;
    for (int j = 0; j <= entries; j++) {
      int size = b.getInt(q);
      assertEquals(0, b.getInt(q + 4), "filter mask");
      long[] offsets = new long[rank + 1];
      for (int i = 0; i <= rank; i++) {
        offsets[i] = b.getLong(q + 8 + 8 * i);
      }
      q += keySize;
      if (previous != null) {
        assertTrue(java.util.Arrays.compare(previous, offsets) < 0, "keys increase");
      }
      previous = offsets;
      if (j == 0) {
        first = offsets;
      }
      if (j == entries) {
        break;
      }
      long child = b.getLong(q);
      q += 8;
      if (level == 0) {
        assertEquals(0, offsets[rank], "a chunk key ends with offset 0");
        tree.leafEntries.add(new Entry(size, offsets, child));
      } else {
        // The key of child j is the first key inside it; its right key is our key j+1.
        int next = q;
        long[] nextKey = new long[rank + 1];
        for (int i = 0; i <= rank; i++) {
          nextKey[i] = b.getLong(next + 8 + 8 * i);
        }
        walk(b, child, rank, tree, level - 1, offsets, nextKey);
      }
    }
    if (expectedFirstKey != null) {
      assertArrayEquals(expectedFirstKey, first, "parent key = first key of child");
      assertArrayEquals(expectedRightKey, previous, "parent's next key = child's right key");
    }
    return previous;
  }
}
