package io.vista.core.internal.compat;

import io.vista.core.internal.io.CheckpointFixtures;


import io.vista.core.CheckpointException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The object tree of tools/checkpoints/make_pickle_fixtures.py, pickled by CPython with each
 * protocol; the expectations below are that script's literals, written out by hand.
 */
class PickleReaderTest {

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> readFixture(int protocol) throws IOException {
    byte[] data = Files.readAllBytes(CheckpointFixtures.path("pickle_p" + protocol + ".pkl"));
    Object o = new PickleReader("pickle_p" + protocol + ".pkl").read(data);
    return (Map<Object, Object>) assertInstanceOf(Map.class, o);
  }

  @ParameterizedTest(name = "protocol {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void readsEveryProtocol(int protocol) throws IOException {
    Map<Object, Object> m = readFixture(protocol);
    assertTrue(m.containsKey("none"));
    assertNull(m.get("none"));
    assertEquals(Boolean.TRUE, m.get("true"));
    assertEquals(Boolean.FALSE, m.get("false"));
    assertEquals(List.of(0L, 1L, 255L, 256L, 65535L, 65536L, -1L, -129L, 2147483647L, -2147483648L, 2147483648L,
        Long.MAX_VALUE, Long.MIN_VALUE, BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(70).negate()),
        m.get("ints"));
    assertEquals(List.of(0.0, -0.0, 0.1, 1e300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE),
        m.get("floats"));
    assertEquals("h\u00e9llo \u2713 \\ \n end \uD83D\uDE00", m.get("str"));
    assertEquals("ab".repeat(200), m.get("long_str"));
    assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, (byte[]) m.get("bytes"));
    byte[] longBytes = new byte[512];
    for (int i = 0; i < 512; i++) {
      longBytes[i] = (byte) i;
    }
    assertArrayEquals(longBytes, (byte[]) m.get("long_bytes"));
    assertArrayEquals(new byte[] {'a', 'b'}, (byte[]) m.get("bytearray"));
    assertEquals(List.of(List.of(), List.of(1L), List.of(1L, "a"), List.of(1L, 2L, 3L), List.of(1L, 2L, 3L, 4L, 5L)),
        m.get("tuples"));
    assertEquals(List.of(1L, List.of(2L, List.of(3L, Map.of("k", List.of(4L))))), m.get("nested"));

    List<?> shared = (List<?>) m.get("shared");
    assertEquals(List.of(1L, 2L), shared.get(0));
    assertSame(shared.get(0), shared.get(1), "memo: one object referenced twice");

    assertEquals(Set.of(1L, 2L, 3L), m.get("set"));
    assertEquals(Set.of("x"), m.get("frozenset"));
    Map<?, ?> od = (Map<?, ?>) m.get("od");
    assertEquals(List.of("b", "a"), new ArrayList<>(od.keySet()), "OrderedDict order");
    assertEquals(List.of(1L, 2L), new ArrayList<>(od.values()));
    assertEquals(Map.of(0L, "zero", 7L, "seven"), m.get("int_keys"));
    assertEquals(Map.of(List.of(1L, "x"), "t"), m.get("tuple_key"));

    List<Object> many = new ArrayList<>();
    for (long i = 0; i < 1200; i++) {
      many.add(i);
    }
    assertEquals(many, m.get("many"));
    Map<Object, Object> bigDict = new LinkedHashMap<>();
    for (long i = 0; i < 1100; i++) {
      bigDict.put("k" + i, i);
    }
    assertEquals(bigDict, m.get("big_dict"));
    assertEquals(new ArrayList<>(bigDict.keySet()), new ArrayList<>(((Map<?, ?>) m.get("big_dict")).keySet()));

    PickledObject custom = assertInstanceOf(PickledObject.class, m.get("custom"));
    assertEquals("vista_fixture.objects.Custom", custom.type());
    assertEquals(Map.of("a", 1L, "b", List.of(1L, 2L)), custom.state());

    // a dict subclass unknown by name: a map (protocols 0/1 name dict as its base) or a placeholder with items
    assertEquals(Map.of("a", 1L), LightningCheckpointReader.stringKeyed(m.get("mydict"), "mydict"));

    PickledObject payload = assertInstanceOf(PickledObject.class, m.get("payload"));
    assertEquals("builtins.print", payload.type());
    assertEquals(List.of("pickle payload executed"), payload.args());
  }

  @Test
  void callsOfArbitraryGlobalsStayInert() {
    byte[] p = PickleBytes.proto2()
        .global("os", "system").str("rm -rf /").op(0x85).op('R') // os.system("rm -rf /")
        .op('.').bytes();
    PickledObject o = assertInstanceOf(PickledObject.class, new PickleReader("evil").read(p));
    assertEquals("os.system", o.type());
    assertEquals(List.of("rm -rf /"), o.args());
  }

  @Test
  void knownDictClassesBecomeMaps() {
    byte[] p = PickleBytes.proto2()
        .global("lightning.fabric.utilities.data", "AttributeDict").op(')').op(0x81) // NEWOBJ
        .op('(').str("variant").str("topk").str("top_k").int1(3).op('u') // SETITEMS
        .op('}').str("_metadata").op('}').op('s').op('b') // BUILD: attributes, not entries
        .op('.').bytes();
    Object o = new PickleReader("t").read(p);
    assertEquals(LinkedHashMap.class, o.getClass());
    assertEquals(Map.of("variant", "topk", "top_k", 3L), o);
  }

  @Test
  void unknownOpcodeNamesOpcodeAndOffset() {
    byte[] p = PickleBytes.proto2().op('}').op(0xFF).op('.').bytes();
    CheckpointException e = assertThrows(CheckpointException.class, () -> new PickleReader("x.pkl").read(p));
    assertEquals("x.pkl: unsupported pickle opcode 0xff at offset 3", e.getMessage());
    byte[] inst = PickleBytes.proto2().op('(').op('i').op('.').bytes(); // INST: protocol 0 class call
    e = assertThrows(CheckpointException.class, () -> new PickleReader("x.pkl").read(inst));
    assertEquals("x.pkl: unsupported pickle opcode 0x69 'i' at offset 3", e.getMessage());
  }

  @Test
  void malformedStreamsFailClearly() {
    assertFails(PickleBytes.proto2().op('N').bytes(), "pickle ended without STOP");
    assertFails(PickleBytes.proto2().op('X', 10, 0, 0, 0, 'a').bytes(), "length 10 runs past the end");
    assertFails(PickleBytes.proto2().op(0x8d, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).bytes(),
        "runs past the end");
    assertFails(PickleBytes.proto2().op('R', '.').bytes(), "stack underflow");
    assertFails(PickleBytes.proto2().op('h', 5, '.').bytes(), "memo entry 5 was never stored");
    assertFails(PickleBytes.proto2().op('t', '.').bytes(), "no MARK");
    assertFails(PickleBytes.proto2().op('N', 'Q', '.').bytes(), "no persistent loader");
    assertFails(PickleBytes.proto2().op(')', 'N', 'a', '.').bytes(), "APPEND on a tuple");
    assertFails(PickleBytes.proto2().int1(1).int1(2).int1(3).op('s', '.').bytes(), "SETITEM on a int");
    assertFails(new byte[] {(byte) 0x80, 9, '.'}, "unsupported pickle protocol 9");
    assertFails(PickleBytes.proto2().op('J', 1).bytes(), "truncated operand");
  }

  @Test
  void textOpcodesOfProtocolZero() {
    // "(I1\nL12345678901234567890L\nF-0.5\nVa\\u00e9b\np0\ng0\nt."
    byte[] p = ("(I01\nI-7\nL12345678901234567890L\nF-0.5\nVa\\u00e9b\np0\ng0\nt.")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Object o = new PickleReader("p0").read(p);
    assertEquals(List.of(true, -7L, new BigInteger("12345678901234567890"), -0.5, "a\u00e9b", "a\u00e9b"), o);
  }

  private static void assertFails(byte[] pickle, String fragment) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> new PickleReader("t.pkl").read(pickle));
    assertTrue(e.getMessage().startsWith("t.pkl: "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().matches(".* at offset \\d+$"), e.getMessage());
  }
}
