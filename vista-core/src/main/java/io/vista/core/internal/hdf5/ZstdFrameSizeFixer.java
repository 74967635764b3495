package io.vista.core.internal.hdf5;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Sits between aircompressor's {@code ZstdOutputStream} and the file and makes sure the zstd frame
 * header declares the frame's content size (RFC 8878 section 3.1.1.1).
 *
 * <p>Why: the streaming compressor only knows the size when the whole input fits its buffer
 * (4 MiB at level 3); for larger chunks it writes a header without Frame_Content_Size. The HDF5
 * Zstandard plugin (and libzstd's {@code ZSTD_getFrameContentSize}) sizes the output buffer from
 * that field, so a frame without it cannot be decoded there. We know each chunk's exact size in
 * advance, so we set the 8-byte size field (flag 3) in the header as it passes; blocks and the
 * content checksum do not depend on the header and pass through unchanged.
 */
final class ZstdFrameSizeFixer extends OutputStream {
  private static final int MAGIC = 0xFD2FB528;
  private static final int MAX_HEADER = 4 + 1 + 1 + 4 + 8;

  private final OutputStream out;
  private final long contentSize;
  private final byte[] header = new byte[MAX_HEADER];
  private int headerFill;
  private int headerLength = -1;
  private boolean headerDone;

  /** {@code out} is not closed by {@link #close()}. */
  ZstdFrameSizeFixer(OutputStream out, long contentSize) {
    this.out = out;
    this.contentSize = contentSize;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (!headerDone && len > 0) {
      header[headerFill++] = b[off++];
      len--;
      if (headerFill == 5) {
        headerLength = headerLength(header);
      }
      if (headerLength > 0 && headerFill == headerLength) {
        emitHeader();
        headerDone = true;
      }
    }
    if (len > 0) {
      out.write(b, off, len);
    }
  }

  /** Checks the frame header was complete; leaves the underlying stream open. */
  @Override
  public void close() throws IOException {
    if (!headerDone) {
      throw new IOException("zstd frame ended inside its header");
    }
  }

  private static int headerLength(byte[] h) throws IOException {
    int magic = (h[0] & 0xFF) | (h[1] & 0xFF) << 8 | (h[2] & 0xFF) << 16 | (h[3] & 0xFF) << 24;
    if (magic != MAGIC) {
      throw new IOException("not a zstd frame (magic " + Integer.toHexString(magic) + ")");
    }
    int descriptor = h[4] & 0xFF;
    return 5 + windowDescriptorLength(descriptor) + dictionaryIdLength(descriptor)
        + contentSizeLength(descriptor);
  }

  private static int windowDescriptorLength(int descriptor) {
    return (descriptor & 0x20) != 0 ? 0 : 1; // absent in single-segment frames
  }

  private static int dictionaryIdLength(int descriptor) {
    return new int[] {0, 1, 2, 4}[descriptor & 0x03];
  }

  private static int contentSizeLength(int descriptor) {
    int flag = descriptor >>> 6;
    if (flag == 0) {
      return (descriptor & 0x20) != 0 ? 1 : 0;
    }
    return new int[] {0, 2, 4, 8}[flag];
  }

  private void emitHeader() throws IOException {
    int descriptor = header[4] & 0xFF;
    int sizeLength = contentSizeLength(descriptor);
    int sizeOffset = headerLength - sizeLength;
    if (sizeLength > 0) {
      long declared = 0;
      for (int i = 0; i < sizeLength; i++) {
        declared |= (header[sizeOffset + i] & 0xFFL) << (8 * i);
      }
      if (sizeLength == 2) {
        declared += 256; // RFC 8878: the 2-byte form stores size - 256
      }
      if (declared != contentSize) {
        throw new IOException("zstd frame declares " + declared + " bytes, chunk has " + contentSize);
      }
      out.write(header, 0, headerLength);
      return;
    }
    header[4] = (byte) (descriptor | 0xC0); // Frame_Content_Size_flag = 3: an 8-byte field
    out.write(header, 0, headerLength);
    byte[] size = new byte[8];
    for (int i = 0; i < 8; i++) {
      size[i] = (byte) (contentSize >>> (8 * i));
    }
    out.write(size);
  }
}
