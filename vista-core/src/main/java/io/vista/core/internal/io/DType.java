package io.vista.core.internal.io;

/**
 * The element types a {@link NamedTensor} can hold, named as in the safetensors header. A
 * superset of what the checkpoints here use (F32 weights, I64 counters), so files written by
 * other tools with bool or small-integer buffers still load.
 */
public enum DType {
  F64(8, true),
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U8(1, false),
  BOOL(1, false);

  /** Bytes per element. */
  public final int itemSize;

  /** True for the floating-point types. */
  public final boolean floating;

  DType(int itemSize, boolean floating) {
    this.itemSize = itemSize;
    this.floating = floating;
  }

  /** The type named {@code name} (exact safetensors spelling), or null when there is none. */
  static DType byName(String name) {
    if (name == null) {
      return null;
    }
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** The type named {@code name}; an {@link IllegalArgumentException} listing the known ones. */
  static DType require(String name) {
    DType t = byName(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "unknown dtype '" + name + "' (known: " + known() + ")");
    }
    return t;
  }

  /** The known names, comma separated, for error messages. */
  static String known() {
    StringBuilder sb = new StringBuilder();
    for (DType t : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t.name());
    }
    return sb.toString();
  }
}
