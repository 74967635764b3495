package io.vista.eval.report;

import io.vista.core.internal.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code np.savez(path, **arrays)} for 1-D int64 arrays: an uncompressed zip of {@code <key>.npy} files
 * in NPY format 1.0 ({@code descr '<i8'}, C order, header padded to a multiple of 64 bytes), which
 * {@code np.load} reads back. Atomic ({@link AtomicFiles#writeStream}): a failed write leaves the previous
 * file as it was.
 */
public final class NpzWriter {
  private NpzWriter() {}

  /** Writes the arrays, in map order. */
  public static void write(Path target, Map<String, long[]> arrays) {
    AtomicFiles.writeStream(target, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Map.Entry<String, long[]> e : arrays.entrySet()) {
        byte[] npy = npy(e.getValue());
        ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(npy.length);
        entry.setCompressedSize(npy.length);
        CRC32 crc = new CRC32();
        crc.update(npy);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(npy);
        zip.closeEntry();
      }
      zip.finish();
    });
  }

  /** One array in NPY 1.0 format. */
  static byte[] npy(long[] values) {
    String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
    int unpadded = 10 + dict.length() + 1; // magic(6) + version(2) + header length(2) + dict + '\n'
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream(10 + header.length() + values.length * 8);
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(1);
    out.write(0);
    out.write(header.length() & 0xFF);
    out.write(header.length() >>> 8);
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    out.writeBytes(b.array());
    return out.toByteArray();
  }
}
