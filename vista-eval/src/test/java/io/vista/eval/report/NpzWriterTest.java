package io.vista.eval.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzWriterTest {
  @TempDir Path tmp;

  @Test
  void npyHeaderIsVersionOneAndAligned() {
    byte[] b = NpzWriter.npy(new long[] {1, -2, 3});
    assertEquals((byte) 0x93, b[0]);
    assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, b[6]);
    assertEquals(0, b[7]);
    int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    assertEquals(0, (10 + headerLen) % 64);
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(header.startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"), header);
    assertTrue(header.endsWith("\n"));
    ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1, data.getLong());
    assertEquals(-2, data.getLong());
    assertEquals(3, data.getLong());
    assertEquals(10 + headerLen + 24, b.length);
  }

  @Test
  void savezLayout() throws IOException {
    Map<String, long[]> arrays = new LinkedHashMap<>();
    arrays.put("0", new long[] {5, 7});
    arrays.put("12", new long[0]);
    Path f = tmp.resolve("sdfs.npz");
    NpzWriter.write(f, arrays);
    try (ZipFile z = new ZipFile(f.toFile())) {
      List<String> names = z.stream().map(ZipEntry::getName).toList();
      assertEquals(List.of("0.npy", "12.npy"), names);
      assertEquals(ZipEntry.STORED, z.getEntry("0.npy").getMethod());
      assertArrayEquals(NpzWriter.npy(new long[] {5, 7}), z.getInputStream(z.getEntry("0.npy")).readAllBytes());
      String empty = new String(z.getInputStream(z.getEntry("12.npy")).readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(empty.contains("'shape': (0,)"));
    }
  }

  /** Through AtomicFiles: a write that fails midway leaves the previous file and no temporary file. */
  @Test
  void aFailedWriteLeavesThePreviousFile() throws IOException {
    Path f = tmp.resolve("sdfs.npz");
    NpzWriter.write(f, Map.of("0", new long[] {1}));
    byte[] before = java.nio.file.Files.readAllBytes(f);
    Map<String, long[]> broken = new LinkedHashMap<>();
    broken.put("0", new long[] {5, 7});
    broken.put("1", null); // fails after the first entry is written
    org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> NpzWriter.write(f, broken));
    assertArrayEquals(before, java.nio.file.Files.readAllBytes(f));
    try (var s = java.nio.file.Files.list(tmp)) {
      assertEquals(List.of("sdfs.npz"), s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
