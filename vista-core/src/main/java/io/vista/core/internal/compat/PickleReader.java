package io.vista.core.internal.compat;

import io.vista.core.CheckpointException;
import io.vista.core.internal.io.NamedTensor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small, safe reader of Python pickles (protocols 0-5 with in-band data, as CPython writes them
 * for plain data and as PyTorch and Lightning checkpoints use them; protocol 5 out-of-band buffers,
 * {@code INST}/{@code OBJ} and the extension registry are refused). It is a stack machine over the opcodes,
 * following the opcode semantics documented in CPython's {@code pickletools}, that <b>never runs or
 * instantiates anything named in the file</b>:
 *
 * <ul>
 *   <li>Plain data becomes Java values: {@code None} -> null, bool -> {@link Boolean}, int ->
 *       {@link Long} (or {@link BigInteger} beyond 64 bits), float -> {@link Double}, str -> {@link
 *       String}, bytes -> {@code byte[]}, list -> mutable {@link List}, tuple -> unmodifiable
 *       {@link List}, dict -> {@link LinkedHashMap} (insertion order), set -> {@link
 *       LinkedHashSet}.
 *   <li>A global ({@code GLOBAL}/{@code STACK_GLOBAL}) becomes a {@link PickleGlobal}: two names.
 *   <li>Calling ({@code REDUCE}) or instantiating ({@code NEWOBJ}) a global builds a Java value
 *       only for a short list of data types -- {@code collections.OrderedDict}, {@code
 *       collections.defaultdict}, {@code dict}, {@code list}, {@code set}, {@code tuple}, {@code
 *       bytes} via {@code _codecs.encode}, the dict subclasses in {@link #DICT_CLASSES} -- and for
 *       the callables the caller registers (the Lightning reader registers torch's tensor
 *       rebuilders). Every other call yields an inert {@link PickledObject} recording the name and
 *       arguments, which also absorbs {@code BUILD}, {@code SETITEMS} and {@code APPENDS}.
 *   <li>{@code BUILD} on a dict sets Python instance attributes, which a Java map cannot hold; it
 *       is dropped (e.g. the {@code _metadata} attribute of a module's state_dict).
 * </ul>
 *
 * <p>An opcode outside this set, a truncated stream or a malformed operand is a {@link
 * CheckpointException} naming the source, the opcode and its byte offset.
 */
public final class PickleReader {

  /** Resolves a persistent id ({@code BINPERSID}/{@code PERSID}) to a value. */
  @FunctionalInterface
  public interface PersistentLoader {
    /** The value the id stands for; throw {@link CheckpointException} when it cannot be resolved. */
    Object load(Object persistentId);
  }

  /** A registered, side-effect-free implementation of a Python callable. */
  @FunctionalInterface
  public interface KnownCallable {
    /** The value of calling the global with {@code args} (positional arguments as unpickled). */
    Object call(List<Object> args);
  }

  /**
   * Dict subclasses known by name; instantiating one yields a plain {@link LinkedHashMap}.
   * Lightning's {@code AttributeDict} has lived in several modules across releases.
   */
  public static final Set<String> DICT_CLASSES = Set.of(
      "builtins.dict",
      "collections.OrderedDict",
      "collections.defaultdict",
      "lightning.fabric.utilities.data.AttributeDict",
      "lightning_fabric.utilities.data.AttributeDict",
      "pytorch_lightning.utilities.parsing.AttributeDict",
      "lightning.pytorch.utilities.parsing.AttributeDict");

  private final String source;
  private final PersistentLoader persistentLoader;
  private final Map<String, KnownCallable> callables;

  // state of one read()
  private byte[] in;
  private int pos;
  private int opStart;
  private int opcode;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();

  /** A reader without persistent ids and without extra callables. */
  public PickleReader(String source) {
    this(source, null, Map.of());
  }

  /**
   * @param source a name for error messages, e.g. {@code model.ckpt: archive/data.pkl}
   * @param persistentLoader resolves persistent ids; null: a persistent id is an error
   * @param callables extra safe callables by qualified name ({@code module.name})
   */
  public PickleReader(String source, PersistentLoader persistentLoader, Map<String, KnownCallable> callables) {
    this.source = source;
    this.persistentLoader = persistentLoader;
    this.callables = Map.copyOf(callables);
  }

  /** Unpickles one object from {@code pickle} (the bytes after its STOP are ignored). */
  public synchronized Object read(byte[] pickle) {
    in = pickle;
    pos = 0;
    stack.clear();
    marks.clear();
    memo.clear();
    try {
      return run();
    } finally {
      in = null;
      stack.clear();
      marks.clear();
      memo.clear();
    }
  }

  // ------------------------------------------------------------------ the machine

  private Object run() {
    while (true) {
      if (pos >= in.length) {
        throw error("pickle ended without STOP after " + in.length + " bytes", pos);
      }
      opStart = pos;
      opcode = in[pos++] & 0xFF;
      switch (opcode) {
        case 0x80 -> { // PROTO
          int proto = u8();
          if (proto > 5) {
            throw fail("unsupported pickle protocol " + proto);
          }
        }
        case 0x95 -> skip(8); // FRAME: a length hint only
        case '.' -> { // STOP
          return pop();
        }
        // --- constants and numbers
        case 'N' -> push(null);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push((long) s32()); // BININT
        case 'K' -> push((long) u8()); // BININT1
        case 'M' -> push((long) u16()); // BININT2
        case 0x8a -> push(longFromBytes(bytes(u8()))); // LONG1
        case 0x8b -> push(longFromBytes(bytes(length(s32())))); // LONG4
        case 'G' -> push(Double.longBitsToDouble(be64())); // BINFLOAT: big-endian IEEE double
        case 'I' -> push(parseTextInt(line())); // INT (protocol 0)
        case 'L' -> push(parseTextLong(line())); // LONG (protocol 0)
        case 'F' -> push(parseTextFloat(line())); // FLOAT (protocol 0)
        // --- strings and bytes
        case 'X' -> push(utf8(bytes(length(u32())))); // BINUNICODE
        case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
        case 0x8d -> push(utf8(bytes(length(s64())))); // BINUNICODE8
        case 'B' -> push(bytes(length(u32()))); // BINBYTES
        case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
        case 0x8e, 0x96 -> push(bytes(length(s64()))); // BINBYTES8, BYTEARRAY8
        case 'T' -> push(latin1(bytes(length(s32())))); // BINSTRING (Python 2 str)
        case 'U' -> push(latin1(bytes(u8()))); // SHORT_BINSTRING
        case 'V' -> push(rawUnicodeEscape(lineBytes())); // UNICODE (protocol 0)
        // --- containers
        case ')' -> push(tuple(List.of()));
        case ']' -> push(new ArrayList<>());
        case '}' -> push(new LinkedHashMap<>());
        case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
        case '(' -> marks.add(stack.size()); // MARK
        case 0x85 -> push(tuple(popN(1))); // TUPLE1
        case 0x86 -> push(tuple(popN(2))); // TUPLE2
        case 0x87 -> push(tuple(popN(3))); // TUPLE3
        case 't' -> push(tuple(popMark())); // TUPLE
        case 'l' -> push(new ArrayList<>(popMark())); // LIST
        case 'd' -> push(dictFrom(popMark())); // DICT
        case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark()))); // FROZENSET
        case 'a' -> { // APPEND
          Object value = pop();
          append(peek(), Collections.singletonList(value));
        }
        case 'e' -> { // APPENDS
          List<Object> items = popMark();
          append(peek(), items);
        }
        case 's' -> { // SETITEM
          Object value = pop();
          Object key = pop();
          setItems(peek(), Arrays.asList(key, value));
        }
        case 'u' -> { // SETITEMS
          List<Object> items = popMark();
          setItems(peek(), items);
        }
        case 0x90 -> { // ADDITEMS
          List<Object> items = popMark();
          Object target = peek();
          if (!(target instanceof Set<?>)) {
            throw fail("ADDITEMS on a " + typeName(target));
          }
          @SuppressWarnings("unchecked")
          Set<Object> set = (Set<Object>) target;
          set.addAll(items);
        }
        // --- stack and memo
        case '2' -> push(peek()); // DUP
        case '0' -> { // POP
          if (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size()) {
            marks.remove(marks.size() - 1); // pickle.py: POP of a bare MARK discards it
          } else {
            pop();
          }
        }
        case '1' -> popMark(); // POP_MARK
        case 'q' -> memo.put((long) u8(), peek()); // BINPUT
        case 'r' -> memo.put(u32(), peek()); // LONG_BINPUT
        case 'p' -> memo.put(parseMemoIndex(line()), peek()); // PUT
        case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
        case 'h' -> push(memoGet(u8())); // BINGET
        case 'j' -> push(memoGet(u32())); // LONG_BINGET
        case 'g' -> push(memoGet(parseMemoIndex(line()))); // GET
        // --- globals, calls, objects
        case 'c' -> { // GLOBAL: "module\nname\n"
          String module = utf8(lineBytes());
          String name = utf8(lineBytes());
          push(global(module, name));
        }
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop();
          Object module = pop();
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw fail("STACK_GLOBAL needs two strings, got " + typeName(module) + " and " + typeName(name));
          }
          push(global(m, n));
        }
        case 'R' -> { // REDUCE
          Object args = pop();
          Object callable = pop();
          push(call(callable, argList(args)));
        }
        case 0x81 -> { // NEWOBJ
          Object args = pop();
          Object cls = pop();
          push(newObject(cls, argList(args)));
        }
        case 0x92 -> { // NEWOBJ_EX
          pop(); // keyword arguments: recorded nowhere, nothing is constructed anyway
          Object args = pop();
          Object cls = pop();
          push(newObject(cls, argList(args)));
        }
        case 'b' -> { // BUILD
          Object state = pop();
          build(peek(), state);
        }
        case 'Q' -> push(persistent(pop())); // BINPERSID
        case 'P' -> push(persistent(utf8(lineBytes()))); // PERSID
        default -> throw error(
            String.format("unsupported pickle opcode 0x%02x%s", opcode, printable(opcode)), opStart);
      }
    }
  }

  // ------------------------------------------------------------------ object semantics

  private static PickleGlobal global(String module, String name) {
    // Python 2 pickles name the builtins and copyreg modules differently.
    String m = switch (module) {
      case "__builtin__" -> "builtins";
      case "copy_reg" -> "copyreg";
      default -> module;
    };
    return new PickleGlobal(m, name);
  }

  private Object call(Object callable, List<Object> args) {
    if (!(callable instanceof PickleGlobal g)) {
      return new PickledObject("<call of " + typeName(callable) + ">", args);
    }
    String q = g.qualifiedName();
    KnownCallable registered = callables.get(q);
    if (registered != null) {
      try {
        return registered.call(args);
      } catch (CheckpointException e) {
        throw error(e.getMessage(), opStart);
      } catch (RuntimeException e) {
        throw error(q + " with arguments it cannot take (" + e + ")", opStart);
      }
    }
    if (DICT_CLASSES.contains(q)) {
      // OrderedDict() / dict(pairs) / defaultdict(factory): the default factory is dropped.
      Map<Object, Object> m = new LinkedHashMap<>();
      if (!q.equals("collections.defaultdict") && !args.isEmpty()) {
        fillMap(m, args.get(0));
      }
      return m;
    }
    switch (q) {
      case "builtins.list":
        return args.isEmpty() ? new ArrayList<>() : new ArrayList<>(iterable(args.get(0)));
      case "builtins.tuple":
        return tuple(args.isEmpty() ? List.of() : new ArrayList<>(iterable(args.get(0))));
      case "builtins.set":
        return args.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(iterable(args.get(0)));
      case "builtins.frozenset":
        return Collections.unmodifiableSet(
            args.isEmpty() ? Set.of() : new LinkedHashSet<>(iterable(args.get(0))));
      case "builtins.bytes":
      case "builtins.bytearray":
        if (args.isEmpty()) {
          return new byte[0];
        }
        return encode(args);
      case "_codecs.encode":
        // Protocol 2 writes Python 3 bytes as _codecs.encode(latin-1 text, "latin1").
        return encode(args);
      case "copyreg._reconstructor":
        // _reconstructor(cls, base, state) = base.__new__(cls, state) + base.__init__(obj, state):
        // protocol 0/1 object creation. With base dict the class is a dict subclass and state
        // its initial items.
        if (args.size() == 3 && args.get(0) instanceof PickleGlobal cls) {
          if (DICT_CLASSES.contains(cls.qualifiedName())
              || (args.get(1) instanceof PickleGlobal base && base.qualifiedName().equals("builtins.dict"))) {
            Map<Object, Object> m = new LinkedHashMap<>();
            if (args.get(2) != null) {
              fillMap(m, args.get(2));
            }
            return m;
          }
          return new PickledObject(cls.qualifiedName(), args.subList(2, 3));
        }
        return new PickledObject(q, args);
      case "copyreg.__newobj__":
        if (!args.isEmpty()) {
          return newObject(args.get(0), args.subList(1, args.size()));
        }
        return new PickledObject(q, args);
      default:
        return new PickledObject(q, args);
    }
  }

  private Object newObject(Object cls, List<Object> args) {
    if (cls instanceof PickleGlobal g) {
      String q = g.qualifiedName();
      if (DICT_CLASSES.contains(q)) {
        return new LinkedHashMap<>();
      }
      if (q.equals("builtins.list")) {
        return new ArrayList<>();
      }
      if (q.equals("builtins.set")) {
        return new LinkedHashSet<>();
      }
      return new PickledObject(q, args);
    }
    return new PickledObject("<instance of " + typeName(cls) + ">", args);
  }

  private void build(Object target, Object state) {
    if (target instanceof PickledObject p) {
      p.setState(state);
    } else if (target instanceof Map<?, ?>) {
      // BUILD on a dict (subclass) sets instance attributes, not entries: e.g. the OrderedDict
      // that nn.Module.state_dict() returns carries a "_metadata" attribute with module versions.
      // A Java map has no attributes, so the state is dropped; the entries came via SETITEMS.
    } else if (state != null) {
      throw fail("BUILD on a " + typeName(target) + ", which cannot take state");
    }
  }

  private void append(Object target, List<Object> items) {
    if (target instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      try {
        list.addAll(items);
      } catch (UnsupportedOperationException e) {
        throw fail("APPEND on a tuple");
      }
    } else if (target instanceof PickledObject p) {
      items.forEach(p::addItem);
    } else {
      throw fail("APPEND on a " + typeName(target));
    }
  }

  private void setItems(Object target, List<Object> keysAndValues) {
    if (keysAndValues.size() % 2 != 0) {
      throw fail("SETITEMS with an odd number (" + keysAndValues.size() + ") of keys and values");
    }
    if (target instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> map = (Map<Object, Object>) m;
      for (int i = 0; i < keysAndValues.size(); i += 2) {
        map.put(keysAndValues.get(i), keysAndValues.get(i + 1));
      }
    } else if (target instanceof PickledObject p) {
      for (int i = 0; i < keysAndValues.size(); i += 2) {
        p.putItem(keysAndValues.get(i), keysAndValues.get(i + 1));
      }
    } else {
      throw fail("SETITEM on a " + typeName(target));
    }
  }

  private Object persistent(Object pid) {
    if (persistentLoader == null) {
      throw fail("persistent id " + pid + " but no persistent loader");
    }
    try {
      return persistentLoader.load(pid);
    } catch (CheckpointException e) {
      throw error(e.getMessage(), opStart);
    }
  }

  private Object memoGet(long index) {
    if (!memo.containsKey(index)) {
      throw fail("memo entry " + index + " was never stored");
    }
    return memo.get(index);
  }

  private Map<Object, Object> dictFrom(List<Object> keysAndValues) {
    Map<Object, Object> m = new LinkedHashMap<>();
    setItems(m, keysAndValues);
    return m;
  }

  private void fillMap(Map<Object, Object> m, Object source) {
    if (source instanceof Map<?, ?> s) {
      m.putAll(s);
      return;
    }
    for (Object pair : iterable(source)) {
      if (!(pair instanceof List<?> kv) || kv.size() != 2) {
        throw fail("dict built from a " + typeName(pair) + ", expected (key, value) pairs");
      }
      m.put(kv.get(0), kv.get(1));
    }
  }

  private Collection<?> iterable(Object o) {
    if (o instanceof Collection<?> c) {
      return c;
    }
    if (o instanceof Map<?, ?> m) {
      return m.keySet();
    }
    throw fail("expected a list, tuple or set argument, got a " + typeName(o));
  }

  private byte[] encode(List<Object> args) {
    if (args.get(0) instanceof byte[] b) {
      return b.clone();
    }
    if (!(args.get(0) instanceof String text)) {
      throw fail("bytes built from a " + typeName(args.get(0)));
    }
    String enc = args.size() > 1 && args.get(1) instanceof String e ? e.toLowerCase() : "utf-8";
    return switch (enc.replace("-", "").replace("_", "")) {
      case "latin1", "iso88591", "l1" -> text.getBytes(StandardCharsets.ISO_8859_1);
      case "utf8" -> text.getBytes(StandardCharsets.UTF_8);
      case "ascii" -> text.getBytes(StandardCharsets.US_ASCII);
      default -> throw fail("bytes in unsupported encoding '" + enc + "'");
    };
  }

  private List<Object> argList(Object args) {
    if (args instanceof List<?> l) {
      return Collections.unmodifiableList(new ArrayList<>(l));
    }
    throw fail("call arguments are a " + typeName(args) + ", not a tuple");
  }

  private static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  // ------------------------------------------------------------------ stack

  private void push(Object o) {
    stack.add(o);
  }

  private Object pop() {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() <= floor) {
      throw fail("stack underflow");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek() {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() <= floor) {
      throw fail("stack underflow");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popN(int n) {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() - n < floor) {
      throw fail("stack underflow");
    }
    List<Object> sub = stack.subList(stack.size() - n, stack.size());
    List<Object> out = new ArrayList<>(sub);
    sub.clear();
    return out;
  }

  private List<Object> popMark() {
    if (marks.isEmpty()) {
      throw fail("no MARK to pop to");
    }
    int m = marks.remove(marks.size() - 1);
    List<Object> sub = stack.subList(m, stack.size());
    List<Object> out = new ArrayList<>(sub);
    sub.clear();
    return out;
  }

  // ------------------------------------------------------------------ operands

  private int u8() {
    need(1);
    return in[pos++] & 0xFF;
  }

  private int u16() {
    need(2);
    int v = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8;
    pos += 2;
    return v;
  }

  private int s32() {
    need(4);
    int v = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8 | (in[pos + 2] & 0xFF) << 16 | (in[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  private long u32() {
    return s32() & 0xFFFFFFFFL;
  }

  private long s64() {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (in[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  private long be64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  private void skip(int n) {
    need(n);
    pos += n;
  }

  /** A length operand, checked against what is left so a corrupt length cannot allocate GBs. */
  private int length(long n) {
    if (n < 0 || n > in.length - pos) {
      throw fail("length " + n + " runs past the end of the pickle (" + (in.length - pos) + " bytes left)");
    }
    return (int) n;
  }

  private byte[] bytes(int n) {
    need(n);
    byte[] b = Arrays.copyOfRange(in, pos, pos + n);
    pos += n;
    return b;
  }

  private byte[] lineBytes() {
    int start = pos;
    while (pos < in.length && in[pos] != '\n') {
      pos++;
    }
    if (pos >= in.length) {
      throw fail("unterminated text operand");
    }
    byte[] b = Arrays.copyOfRange(in, start, pos);
    pos++; // the newline
    return b;
  }

  private String line() {
    return new String(lineBytes(), StandardCharsets.US_ASCII);
  }

  private void need(int n) {
    if (n < 0 || pos + n > in.length || pos + n < 0) {
      throw fail("truncated operand (needs " + n + " bytes, " + (in.length - pos) + " left)");
    }
  }

  private String utf8(byte[] b) {
    // Python writes lone surrogates as "surrogatepass"; Java's decoder replaces them, which is
    // the most a data-only reader needs.
    return new String(b, StandardCharsets.UTF_8);
  }

  /**
   * Python's "raw-unicode-escape": bytes are Latin-1 characters except backslash-u plus 4 hex
   * digits and backslash-U plus 8. The pickler escapes every literal backslash itself (as code
   * point 5C), so each backslash here starts an escape.
   */
  private String rawUnicodeEscape(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xFF;
      if (c == '\\' && i + 1 < b.length && (b[i + 1] == 'u' || b[i + 1] == 'U')) {
        int digits = b[i + 1] == 'u' ? 4 : 8;
        if (i + 2 + digits > b.length) {
          throw fail("truncated escape in UNICODE operand");
        }
        int cp;
        try {
          cp = Integer.parseInt(new String(b, i + 2, digits, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
          throw fail("bad escape in UNICODE operand");
        }
        if (!Character.isValidCodePoint(cp)) {
          throw fail("escape of invalid code point " + cp + " in UNICODE operand");
        }
        sb.appendCodePoint(cp);
        i += 1 + digits;
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static Object longFromBytes(byte[] le) {
    if (le.length == 0) {
      return 0L;
    }
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    BigInteger v = new BigInteger(be); // two's complement, as pickle's LONG1/LONG4
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private Object parseTextInt(String s) {
    String t = s.trim();
    if (t.equals("00")) {
      return Boolean.FALSE; // protocol 0 spelling of False/True
    }
    if (t.equals("01")) {
      return Boolean.TRUE;
    }
    return parseTextLong(t);
  }

  private Object parseTextLong(String s) {
    String t = s.trim();
    if (t.endsWith("L")) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      BigInteger v = new BigInteger(t);
      return v.bitLength() < 64 ? (Object) v.longValue() : v;
    } catch (NumberFormatException e) {
      throw fail("bad integer literal '" + s + "'");
    }
  }

  private Object parseTextFloat(String s) {
    String t = s.trim();
    try {
      return switch (t) {
        case "inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        case "nan" -> Double.NaN;
        default -> Double.parseDouble(t);
      };
    } catch (NumberFormatException e) {
      throw fail("bad float literal '" + s + "'");
    }
  }

  private long parseMemoIndex(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw fail("bad memo index '" + s + "'");
    }
  }

  // ------------------------------------------------------------------ errors

  private CheckpointException fail(String what) {
    return error(what + String.format(" (opcode 0x%02x%s)", opcode, printable(opcode)), opStart);
  }

  private CheckpointException error(String what, int offset) {
    return new CheckpointException(source + ": " + what + " at offset " + offset);
  }

  private static String printable(int op) {
    return op >= 0x20 && op < 0x7f ? " '" + (char) op + "'" : "";
  }

  /** A short Python-flavoured type name for messages. */
  static String typeName(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof PickledObject p) {
      return p.type() + " object";
    }
    if (o instanceof PickleGlobal g) {
      return "global " + g.qualifiedName();
    }
    if (o instanceof NamedTensor t) {
      return "tensor " + t.dtype() + Arrays.toString(t.shape());
    }
    if (o instanceof String) {
      return "str";
    }
    if (o instanceof byte[]) {
      return "bytes";
    }
    if (o instanceof Map<?, ?>) {
      return "dict";
    }
    if (o instanceof List<?>) {
      return "list/tuple";
    }
    if (o instanceof Set<?>) {
      return "set";
    }
    if (o instanceof Long || o instanceof BigInteger) {
      return "int";
    }
    if (o instanceof Double) {
      return "float";
    }
    if (o instanceof Boolean) {
      return "bool";
    }
    return o.getClass().getSimpleName();
  }
}
