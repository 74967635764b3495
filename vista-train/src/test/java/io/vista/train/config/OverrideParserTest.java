package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hydra's override grammar: forms, primitive types, containers, quoting, rejected syntax. */
class OverrideParserTest {

  private static Object value(String text) {
    return OverrideParser.parse(text).value();
  }

  @Test
  void forms() {
    ConfigOverride set = OverrideParser.parse("a.b.c=1");
    assertEquals(ConfigOverride.Kind.SET, set.kind());
    assertEquals("a.b.c", set.key());
    assertEquals(ConfigOverride.Kind.ADD, OverrideParser.parse("+a=1").kind());
    assertEquals(ConfigOverride.Kind.FORCE_ADD, OverrideParser.parse("++a=1").kind());
    ConfigOverride del = OverrideParser.parse("~a.b");
    assertEquals(ConfigOverride.Kind.DELETE, del.kind());
    assertFalse(del.hasValue());
    ConfigOverride delValue = OverrideParser.parse("~a.b=3");
    assertTrue(delValue.hasValue());
    assertEquals(3, delValue.value());
    assertEquals("model/encoder", OverrideParser.parse("model/encoder=vit").key());
  }

  @Test
  void primitives() {
    assertEquals(64, value("k=64"));
    assertEquals(-3, value("k=-3"));
    assertEquals(1_000_000, value("k=1_000_000"));
    assertEquals(5_000_000_000L, value("k=5000000000"));
    assertEquals(1e-4, value("k=1e-4"));
    assertEquals(5e-5, value("k=5e-5"));
    assertEquals(0.5, value("k=.5"));
    assertEquals(3.0, value("k=3."));
    assertEquals(-2.5e3, value("k=-2.5E3"));
    assertEquals(Double.POSITIVE_INFINITY, value("k=inf"));
    assertEquals(Double.NEGATIVE_INFINITY, value("k=-inf"));
    assertTrue(Double.isNaN((Double) value("k=nan")));
    assertEquals(true, value("k=true"));
    assertEquals(false, value("k=False"));
    assertNull(value("k=null"));
    assertNull(value("k=NULL"));
    assertEquals("bf16-mixed", value("k=bf16-mixed"));
    assertEquals("16-mixed", value("k=16-mixed"));
    assertEquals("/tmp/run dir", value("k=/tmp/run dir"));
    assertEquals("", value("k="));
    assertEquals("a b", value("k=  a b  "));
  }

  @Test
  void rawTextIsKeptForUnquotedScalars() {
    assertEquals("1e-4", OverrideParser.parse("k=1e-4").raw());
    assertEquals("32", OverrideParser.parse("k=32").raw());
    assertNull(OverrideParser.parse("k='32'").raw());
  }

  @Test
  void quotedStrings() {
    assertEquals("32", value("k='32'"));
    assertEquals("true", value("k=\"true\""));
    assertEquals("a,b", value("k='a,b'"));
    assertEquals("it's", value("k='it\\'s'"));
    assertEquals("say \"hi\"", value("k=\"say \\\"hi\\\"\""));
    assertEquals("null", value("k='null'"));
  }

  @Test
  void escapesAndInterpolations() {
    assertEquals("a,b", value("k=a\\,b"));
    assertEquals("${model.input_size}", value("k=${model.input_size}"));
    assertEquals("${oc.env:HOME,/x,y}", value("k=${oc.env:HOME,/x,y}"));
    assertEquals("run_${seed}_x", value("k=run_${seed}_x"));
    // an escaped or interpolated token is a string, not a number
    assertEquals("1", value("k=\\1"));
  }

  @Test
  void listsAndDicts() {
    assertEquals(List.of("all"), value("k=[all]"));
    assertEquals(List.of("age", "race"), value("k=[age, race]"));
    assertEquals(List.of(), value("k=[]"));
    assertEquals(List.of(1, 2.5, true, "x", List.of(3)), value("k=[1, 2.5, true, 'x', [3]]"));
    assertEquals(Map.of("a", 1, "b", List.of("x")), value("k={a: 1, b: [x]}"));
    assertEquals(Map.of(), value("k={}"));
  }

  @Test
  void malformedOverridesAreRefusedWithTheOverrideNamed() {
    for (String bad : List.of("k", "+k", "=1", "a..b=1", "a b=1", "k=[1,2", "k={a 1}", "k='abc", "k=[1,,2]")) {
      ConfigException e = assertThrows(ConfigException.class, () -> OverrideParser.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("malformed override '" + bad + "'"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
    assertEquals("malformed override 'k=1,2': a sweep (comma-separated values) needs --multirun, which vista-java"
        + " does not support; quote the value for a literal comma, or use [a,b] for a list",
        assertThrows(ConfigException.class, () -> OverrideParser.parse("k=1,2")).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> OverrideParser.parse("k=range(1,5)")).getMessage()
        .contains("'range(...)'"));
  }
}
