package io.vista.core.internal.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickle byte streams for error tests (opcode values from CPython's pickletools). */
final class PickleBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static PickleBytes proto2() {
    PickleBytes p = new PickleBytes();
    return p.op(0x80).op(2);
  }

  PickleBytes op(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  /** BINUNICODE. */
  PickleBytes str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X', b.length & 0xFF, (b.length >>> 8) & 0xFF, (b.length >>> 16) & 0xFF, b.length >>> 24);
    out.writeBytes(b);
    return this;
  }

  /** GLOBAL "module\nname\n". */
  PickleBytes global(String module, String name) {
    op('c');
    out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  PickleBytes int1(int v) {
    return op('K', v);
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
