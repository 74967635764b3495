package io.vista.core.internal.hdf5;

import io.jhdf.checksum.JenkinsLookup3HashLittle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encoders for the HDF5 file-format structures this writer emits (HDF5 File Format
 * Specification version 3.0, sections cited per method). All addresses and lengths are 8 bytes.
 * Where the specification leaves a choice, the bytes follow what HDF5 1.10 itself writes for h5py
 * with {@code libver=('v108','v108')} (checked with h5debug on h5py-made files).
 */
final class Hdf5Format {
  /** The "undefined address" (all bits set), spec section II.A. */
  static final long UNDEFINED_ADDRESS = -1L;
  /** H5S_UNLIMITED as a maximum dimension size. */
  static final long UNLIMITED = -1L;
  /** Superblock version 2 is 48 bytes with 8-byte offsets and lengths. */
  static final int SUPERBLOCK_SIZE = 48;
  /** Filter id hdf5plugin registers for Zstandard (one zstd frame per chunk, cd_values[0] = level). */
  static final int ZSTD_FILTER_ID = 32015;

  static final int MSG_DATASPACE = 0x01;
  static final int MSG_LINK_INFO = 0x02;
  static final int MSG_DATATYPE = 0x03;
  static final int MSG_FILL_VALUE = 0x05;
  static final int MSG_LINK = 0x06;
  static final int MSG_LAYOUT = 0x08;
  static final int MSG_GROUP_INFO = 0x0A;
  static final int MSG_FILTER_PIPELINE = 0x0B;
  static final int MSG_ATTRIBUTE = 0x0C;
  /** Message flag bit 0: the message is constant (HDF5 sets it on datatype, fill, pline, ginfo). */
  static final int FLAG_CONSTANT = 0x01;

  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};

  private Hdf5Format() {}

  /** One object header message: its type, flags and encoded body. */
  record Message(int type, int flags, byte[] body) {}

  /** Superblock version 2 (II.A.1): fixed fields then a lookup3 checksum. */
  static byte[] superblockV2(long endOfFileAddress, long rootObjectHeaderAddress) {
    LeBytes b = new LeBytes(SUPERBLOCK_SIZE);
    b.bytes(SIGNATURE).u8(2).u8(8).u8(8).u8(0); // version, sizeof offsets, sizeof lengths, flags
    b.u64(0).u64(UNDEFINED_ADDRESS); // base address, no superblock extension
    b.u64(endOfFileAddress).u64(rootObjectHeaderAddress);
    return withChecksum(b);
  }

  /**
   * Version-2 object header (IV.A.1.b) with all messages in chunk 0, no times, no attribute
   * phase-change values; the size-of-chunk-0 field takes the fewest bytes that hold it.
   */
  static byte[] objectHeaderV2(List<Message> messages) {
    long chunkSize = 0;
    for (Message m : messages) {
      if (m.body().length > 0xFFFF) {
        throw new IllegalArgumentException("object header message of " + m.body().length + " bytes");
      }
      chunkSize += 4 + m.body().length; // type (1), size (2), flags (1), body
    }
    int sizeFieldCode = chunkSize <= 0xFF ? 0 : chunkSize <= 0xFFFF ? 1 : 2;
    if (chunkSize > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("object header of " + chunkSize + " bytes");
    }
    LeBytes b = new LeBytes((int) chunkSize + 16);
    b.ascii("OHDR").u8(2).u8(sizeFieldCode);
    b.unsigned(chunkSize, 1 << sizeFieldCode);
    for (Message m : messages) {
      b.u8(m.type()).u16(m.body().length).u8(m.flags()).bytes(m.body());
    }
    return withChecksum(b);
  }

  /** Dataspace message version 2 (IV.A.2.b), simple, with maximum sizes as h5py writes them. */
  static Message simpleDataspace(long[] dims, long[] maxDims) {
    LeBytes b = new LeBytes();
    b.u8(2).u8(dims.length).u8(1).u8(1); // version, rank, flags: max dims present, type simple
    for (long d : dims) {
      b.u64(d);
    }
    for (long d : maxDims) {
      b.u64(d);
    }
    return new Message(MSG_DATASPACE, 0, b.toArray());
  }

  /** Dataspace message version 2 of a scalar (rank 0), as h5py stores a Python str attribute. */
  static byte[] scalarDataspace() {
    return new byte[] {2, 0, 0, 0};
  }

  /** Datatype message (IV.A.2.d) of one of the three element types, little-endian. */
  static Message datatype(ElementType type) {
    return new Message(MSG_DATATYPE, FLAG_CONSTANT, datatypeBody(type));
  }

  static byte[] datatypeBody(ElementType type) {
    LeBytes b = new LeBytes();
    switch (type) {
      case INT64 -> {
        // class 0 fixed-point, version 1; bit field: little-endian, signed (bit 3)
        b.u8(0x10).u8(0x08).u8(0).u8(0).u32(8);
        b.u16(0).u16(64); // bit offset, bit precision
      }
      case FLOAT16 -> floatingPoint(b, 2, 15, 10, 5, 0, 10, 15);
      case FLOAT32 -> floatingPoint(b, 4, 31, 23, 8, 0, 23, 127);
      default -> throw new IllegalArgumentException(type.toString());
    }
    return b.toArray();
  }

  /**
   * Floating-point class 1 version 1: bit field byte 0 = 0x20 (mantissa normalisation "msb
   * implied"), byte 1 = sign bit position; properties give the IEEE field layout.
   */
  private static void floatingPoint(
      LeBytes b, int size, int signBit, int expLoc, int expSize, int mantLoc, int mantSize, int bias) {
    b.u8(0x11).u8(0x20).u8(signBit).u8(0).u32(size);
    b.u16(0).u16(size * 8).u8(expLoc).u8(expSize).u8(mantLoc).u8(mantSize).u32(bias);
  }

  /**
   * Variable-length string datatype (class 9, type string, null-terminated padding, UTF-8), whose
   * base type is an unsigned byte; size 16 = length (4) + global heap id (8 + 4).
   */
  static byte[] vlenUtf8StringType() {
    LeBytes b = new LeBytes();
    b.u8(0x19).u8(0x01).u8(0x01).u8(0).u32(16);
    b.u8(0x10).u8(0).u8(0).u8(0).u32(1).u16(0).u16(8); // base: 1-byte unsigned fixed-point
    return b.toArray();
  }

  /**
   * Fill value message version 3 (IV.A.2.f): allocation time incremental (3), fill time "on
   * allocation" (0), default fill value (zeros): the flags h5py's chunked datasets carry.
   */
  static Message fillValueDefault() {
    return new Message(MSG_FILL_VALUE, FLAG_CONSTANT, new byte[] {3, 0x03});
  }

  /**
   * Filter pipeline message version 2 (IV.A.2.l) with the Zstandard filter, flagged optional and
   * unnamed like h5py's {@code compression=hdf5plugin.Zstd(clevel)}.
   */
  static Message zstdPipeline(int level) {
    LeBytes b = new LeBytes();
    b.u8(2).u8(1); // version, number of filters
    b.u16(ZSTD_FILTER_ID).u16(0).u16(1).u16(1); // id, name length (none), flags: optional, 1 value
    b.u32(level);
    return new Message(MSG_FILTER_PIPELINE, FLAG_CONSTANT, b.toArray());
  }

  /**
   * Data layout message version 3 (IV.A.2.i), chunked: dimensionality is rank + 1, the last
   * "dimension" being the element size in bytes; the address is the v1 B-tree root.
   */
  static Message chunkedLayoutV3(long btreeAddress, int[] chunk, int elementSize) {
    LeBytes b = new LeBytes();
    b.u8(3).u8(2).u8(chunk.length + 1).u64(btreeAddress);
    for (int c : chunk) {
      b.u32(c);
    }
    b.u32(elementSize);
    return new Message(MSG_LAYOUT, 0, b.toArray());
  }

  /** Link info message (IV.A.2.c): no creation order, no dense storage: a compact group. */
  static Message linkInfo() {
    LeBytes b = new LeBytes();
    b.u8(0).u8(0).u64(UNDEFINED_ADDRESS).u64(UNDEFINED_ADDRESS);
    return new Message(MSG_LINK_INFO, 0, b.toArray());
  }

  /**
   * Group info message (IV.A.2.k). HDF5 keeps at most 8 links compact by default; a group with
   * more stores its own (larger) compact maximum so the file stays self-consistent.
   */
  static Message groupInfo(int linkCount) {
    LeBytes b = new LeBytes();
    if (linkCount <= 8) {
      b.u8(0).u8(0);
    } else {
      b.u8(0).u8(1).u16(Math.min(linkCount, 0xFFFF)).u16(6);
    }
    return new Message(MSG_GROUP_INFO, FLAG_CONSTANT, b.toArray());
  }

  /** Link message version 1 (IV.A.2.g), hard link; UTF-8 charset flagged only when not ASCII. */
  static Message hardLink(String name, long objectHeaderAddress) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = utf8.length == name.length();
    int lengthCode = utf8.length <= 0xFF ? 0 : 1;
    LeBytes b = new LeBytes();
    b.u8(1).u8(lengthCode | (ascii ? 0 : 0x10));
    if (!ascii) {
      b.u8(1); // character set UTF-8
    }
    b.unsigned(utf8.length, 1 << lengthCode).bytes(utf8).u64(objectHeaderAddress);
    return new Message(MSG_LINK, 0, b.toArray());
  }

  /**
   * Attribute message version 3 (IV.A.2.m) holding one scalar variable-length UTF-8 string whose
   * bytes live in a global heap collection.
   */
  static Message stringAttribute(String name, GlobalHeapRef value) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] type = vlenUtf8StringType();
    byte[] space = scalarDataspace();
    LeBytes b = new LeBytes();
    b.u8(3).u8(0).u16(nameBytes.length + 1).u16(type.length).u16(space.length);
    b.u8(nameBytes.length == name.length() ? 0 : 1); // name character set
    b.bytes(nameBytes).u8(0).bytes(type).bytes(space);
    b.u32(value.length()).u64(value.collectionAddress()).u32(value.index());
    return new Message(MSG_ATTRIBUTE, 0, b.toArray());
  }

  /** Where a variable-length value lives: its byte length and global heap id. */
  record GlobalHeapRef(int length, long collectionAddress, int index) {}

  /** Appends the Jenkins lookup3 checksum (initial value 0) HDF5 uses for v2 structures. */
  static byte[] withChecksum(LeBytes b) {
    byte[] body = b.toArray();
    int checksum = JenkinsLookup3HashLittle.hash(body);
    byte[] out = Arrays.copyOf(body, body.length + 4);
    for (int i = 0; i < 4; i++) {
      out[body.length + i] = (byte) (checksum >>> (8 * i));
    }
    return out;
  }
}
