package io.vista.core.internal.compat;

import io.vista.core.CheckpointException;
import io.vista.core.internal.io.DType;
import io.vista.core.internal.io.NamedTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code torch.save} puts into a pickle, made into data without running torch: persistent
 * storage ids resolved to raw bytes of the archive, and the tensor rebuild functions
 * ({@code torch._utils._rebuild_tensor_v2} and friends) implemented as a strided view or gather
 * over those bytes. Semantics follow {@code torch/serialization.py} and {@code torch/_utils.py}.
 */
final class TorchPickle {

  /**
   * A storage of the archive: {@code data/<key>} with {@code numel} elements of {@code dtype}
   * (null for a storage type this reader does not support, e.g. complex; its bytes are not read).
   */
  record Storage(String typeName, DType dtype, String key, long numel, ByteBuffer bytes) {}

  /** Loads the raw bytes of archive entry {@code data/<key>}. */
  @FunctionalInterface
  interface StorageSource {
    ByteBuffer load(String key);
  }

  /** torch's legacy typed storage classes (still what torch 2.x pickles) and their dtypes. */
  private static final Map<String, DType> STORAGE_TYPES = Map.ofEntries(
      Map.entry("FloatStorage", DType.F32),
      Map.entry("DoubleStorage", DType.F64),
      Map.entry("HalfStorage", DType.F16),
      Map.entry("BFloat16Storage", DType.BF16),
      Map.entry("LongStorage", DType.I64),
      Map.entry("IntStorage", DType.I32),
      Map.entry("ShortStorage", DType.I16),
      Map.entry("CharStorage", DType.I8),
      Map.entry("ByteStorage", DType.U8),
      Map.entry("BoolStorage", DType.BOOL),
      Map.entry("UntypedStorage", DType.U8));

  /** {@code torch.<dtype>} globals, as passed to {@code _rebuild_tensor_v3}. */
  private static final Map<String, DType> TORCH_DTYPES = Map.ofEntries(
      Map.entry("float32", DType.F32), Map.entry("float", DType.F32),
      Map.entry("float64", DType.F64), Map.entry("double", DType.F64),
      Map.entry("float16", DType.F16), Map.entry("half", DType.F16),
      Map.entry("bfloat16", DType.BF16),
      Map.entry("int64", DType.I64), Map.entry("long", DType.I64),
      Map.entry("int32", DType.I32), Map.entry("int", DType.I32),
      Map.entry("int16", DType.I16), Map.entry("short", DType.I16),
      Map.entry("int8", DType.I8),
      Map.entry("uint8", DType.U8),
      Map.entry("bool", DType.BOOL));

  private TorchPickle() {}

  /**
   * Resolves {@code ('storage', torch.FloatStorage, key, location, numel)} ids. Each storage is
   * read once and shared by the tensors viewing it; the location (e.g. {@code cuda:0}) is ignored
   * since the bytes in the archive are the same either way. {@code bigEndian}: the archive's
   * {@code byteorder} record said {@code big}, so elements are swapped to little-endian.
   */
  static PickleReader.PersistentLoader persistentLoader(StorageSource source, boolean bigEndian) {
    Map<String, Storage> cache = new HashMap<>();
    return pid -> {
      if (!(pid instanceof List<?> t) || t.size() != 5 || !"storage".equals(t.get(0))) {
        throw new CheckpointException("unexpected persistent id " + describe(pid)
            + ", expected ('storage', type, key, location, numel)");
      }
      if (!(t.get(1) instanceof PickleGlobal type) || !(t.get(2) instanceof String key)
          || !(t.get(4) instanceof Long numel) || numel < 0) {
        throw new CheckpointException("malformed storage id " + describe(pid));
      }
      Storage cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
      DType dtype = type.module().startsWith("torch") ? STORAGE_TYPES.get(type.name()) : null;
      Storage s;
      if (dtype == null) {
        s = new Storage(type.qualifiedName(), null, key, numel, null);
      } else {
        ByteBuffer raw = source.load(key);
        long needed = Math.multiplyExact(numel, (long) dtype.itemSize);
        if (raw.remaining() < needed) {
          throw new CheckpointException("storage data/" + key + " has " + raw.remaining()
              + " bytes, expected " + needed + " for " + numel + " x " + dtype);
        }
        ByteBuffer bytes = raw.slice().limit((int) needed);
        if (bigEndian && dtype.itemSize > 1) {
          bytes = swapped(bytes, dtype.itemSize);
        }
        s = new Storage(type.qualifiedName(), dtype, key, numel, bytes.asReadOnlyBuffer());
      }
      cache.put(key, s);
      return s;
    };
  }

  /** The torch callables rebuilt here; every other torch global stays a placeholder. */
  static Map<String, PickleReader.KnownCallable> callables() {
    Map<String, PickleReader.KnownCallable> m = new HashMap<>();
    m.put("torch._utils._rebuild_tensor_v2", TorchPickle::rebuildTensorV2);
    m.put("torch._utils._rebuild_tensor_v3", TorchPickle::rebuildTensorV3);
    m.put("torch._utils._rebuild_tensor", args -> rebuildTensorV2(args)); // old 4-argument form
    // A Parameter is its data plus flags that do not matter for reading.
    m.put("torch._utils._rebuild_parameter", args -> args.get(0));
    m.put("torch._utils._rebuild_parameter_with_state", args -> args.get(0));
    m.put("torch.Size", args -> args.get(0));
    // _rebuild_from_type_v2(func, type, args, state): a tensor subclass; rebuild the plain tensor.
    PickleReader.KnownCallable fromType = args -> {
      if (args.get(0) instanceof PickleGlobal f && m.containsKey(f.qualifiedName())
          && args.get(2) instanceof List<?> inner) {
        @SuppressWarnings("unchecked")
        List<Object> innerArgs = (List<Object>) inner;
        return m.get(f.qualifiedName()).call(innerArgs);
      }
      return new PickledObject("torch._tensor._rebuild_from_type_v2", args);
    };
    m.put("torch._tensor._rebuild_from_type_v2", fromType);
    m.put("torch._tensor._rebuild_from_type", fromType);
    return m;
  }

  private static Object rebuildTensorV2(List<Object> args) {
    Storage s = storageArg(args.get(0));
    if (s.dtype == null) {
      return new PickledObject("torch.Tensor(" + s.typeName + ")", args);
    }
    return view(s.bytes, s.dtype, longArg(args.get(1), "storage_offset"),
        longs(args.get(2), "size"), longs(args.get(3), "stride"), s.key);
  }

  private static Object rebuildTensorV3(List<Object> args) {
    Storage s = storageArg(args.get(0));
    if (!(args.get(6) instanceof PickleGlobal g) || !g.module().equals("torch")
        || !TORCH_DTYPES.containsKey(g.name()) || s.dtype == null) {
      return new PickledObject("torch.Tensor(" + args.get(6) + ")", args);
    }
    // v3 pairs an untyped (byte) storage with an explicit dtype: reinterpret the bytes.
    return view(s.bytes, TORCH_DTYPES.get(g.name()), longArg(args.get(1), "storage_offset"),
        longs(args.get(2), "size"), longs(args.get(3), "stride"), s.key);
  }

  /**
   * The tensor {@code size}/{@code stride} views at element {@code offset} of a storage: a
   * zero-copy slice when the view is row-major contiguous, a gather otherwise (e.g. a transposed
   * weight, which PyTorch saves as its untransposed storage plus swapped strides).
   */
  static NamedTensor view(ByteBuffer storage, DType dtype, long offset, long[] size, long[] stride, String key) {
    String where = "tensor on storage data/" + key;
    if (size.length != stride.length) {
      throw new CheckpointException(where + ": size " + Arrays.toString(size) + " and stride "
          + Arrays.toString(stride) + " differ in rank");
    }
    int item = dtype.itemSize;
    long storageElems = storage.remaining() / item;
    long numel = 1;
    long last = offset; // index of the last element reached
    boolean contiguous = true;
    long expectedStride = 1;
    for (int i = size.length - 1; i >= 0; i--) {
      if (size[i] < 0 || stride[i] < 0) {
        throw new CheckpointException(where + ": negative size or stride in " + Arrays.toString(size)
            + " / " + Arrays.toString(stride));
      }
      numel = Math.multiplyExact(numel, size[i]);
      if (size[i] > 0) {
        last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
      }
      if (size[i] != 1 && stride[i] != expectedStride) {
        contiguous = false; // a dimension of size 1 may carry any stride
      }
      expectedStride = Math.multiplyExact(expectedStride, size[i]);
    }
    if (numel == 0) {
      return new NamedTensor(dtype.name(), size, ByteBuffer.allocate(0));
    }
    if (offset < 0 || last >= storageElems) {
      throw new CheckpointException(where + ": view (offset " + offset + ", size " + Arrays.toString(size)
          + ", stride " + Arrays.toString(stride) + ") reaches element " + last + " of a storage of "
          + storageElems);
    }
    if (numel > (Integer.MAX_VALUE - 8) / item) {
      throw new CheckpointException(where + ": " + numel + " elements exceed one 2 GB buffer");
    }
    ByteBuffer src = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (contiguous) {
      src.position((int) (offset * item)).limit((int) ((offset + numel) * item));
      return new NamedTensor(dtype.name(), size, src.slice());
    }
    ByteBuffer out = ByteBuffer.allocate((int) (numel * item)).order(ByteOrder.LITTLE_ENDIAN);
    int rank = size.length;
    long[] idx = new long[rank];
    long element = offset;
    for (long n = 0; n < numel; n++) {
      int base = (int) (element * item);
      // one element per step, copied as a unit (both buffers share the byte order)
      switch (item) {
        case 8 -> out.putLong(src.getLong(base));
        case 4 -> out.putInt(src.getInt(base));
        case 2 -> out.putShort(src.getShort(base));
        default -> out.put(src.get(base));
      }
      // odometer step: advance the last index, carrying into earlier dimensions
      for (int d = rank - 1; d >= 0; d--) {
        idx[d]++;
        element += stride[d];
        if (idx[d] < size[d]) {
          break;
        }
        element -= size[d] * stride[d];
        idx[d] = 0;
      }
    }
    out.flip();
    return new NamedTensor(dtype.name(), size, out);
  }

  private static ByteBuffer swapped(ByteBuffer in, int item) {
    ByteBuffer out = ByteBuffer.allocate(in.remaining());
    for (int i = 0; i < in.remaining(); i += item) {
      for (int b = 0; b < item; b++) {
        out.put(i + b, in.get(in.position() + i + item - 1 - b));
      }
    }
    return out;
  }

  private static Storage storageArg(Object o) {
    if (o instanceof Storage s) {
      return s;
    }
    throw new CheckpointException("tensor rebuilt from a " + PickleReader.typeName(o) + ", not a storage");
  }

  private static long longArg(Object o, String what) {
    if (o instanceof Long l) {
      return l;
    }
    throw new CheckpointException("tensor " + what + " is a " + PickleReader.typeName(o) + ", not an int");
  }

  private static long[] longs(Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new CheckpointException("tensor " + what + " is a " + PickleReader.typeName(o) + ", not a tuple");
    }
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longArg(l.get(i), what);
    }
    return out;
  }

  private static String describe(Object pid) {
    String s = String.valueOf(pid);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
