package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** a.b=v, +a.b=v, ++a.b=v, ~a.b: existence and type rules, and the messages when they are broken. */
class ValueOverridesTest {
  @TempDir Path dir;

  @BeforeEach
  void writeConfig() {
    ConfigFiles.write(dir, "config.yaml", String.join("\n",
        "m:",
        "  n: 5",
        "  lr: 0.001",
        "  name: batchtopk",
        "  on: true",
        "  xs: [1, 2]",
        "  maybe: null",
        "  width: ${w}",
        "  sub:",
        "    deep: 1",
        "w: 8",
        "precision: 16-mixed",
        ""));
  }

  private ResolvedConfig load(String... overrides) {
    return ConfigFiles.loader(dir).load("config", List.of(overrides));
  }

  private String error(String... overrides) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(overrides));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void setKeepsTypes() {
    ResolvedConfig c = load("m.n=7", "m.lr=1e-4", "m.name=topk", "m.on=false", "m.xs=[3]", "m.sub.deep=2");
    assertEquals(7, c.get("m.n"));
    assertEquals(1e-4, c.get("m.lr"));
    assertEquals("topk", c.get("m.name"));
    assertEquals(false, c.get("m.on"));
    assertEquals(List.of(3), c.get("m.xs"));
    assertEquals(2, c.get("m.sub.deep"));
  }

  @Test
  void intFitsAFloatKeyAndBecomesAFloat() {
    assertEquals(1.0, load("m.lr=1").get("m.lr"));
  }

  @Test
  void scalarsFitAStringKeyAsTyped() {
    assertEquals("32", load("precision=32").get("precision"));
    assertEquals("1e-4", load("m.name=1e-4").get("m.name"));
    assertEquals("true", load("m.name=true").get("m.name"));
  }

  @Test
  void nullFitsAnywhereAndANullKeyTakesAnything() {
    assertNull(load("m.n=null").get("m.n"));
    assertEquals(List.of("all"), load("m.maybe=[all]").get("m.maybe"));
    assertEquals("x", load("m.maybe=x").get("m.maybe"));
  }

  @Test
  void interpolatedKeyIsTypedByItsValue() {
    assertEquals(16, load("m.width=16").get("m.width"));
    assertEquals("override 'm.width=abc': 'm.width' is an int (currently int 8), got string 'abc'", error("m.width=abc"));
    // an interpolation as the new value is checked after resolution, by the typed records
    assertEquals(5, load("m.width=${m.n}").get("m.width"));
  }

  @Test
  void wrongTypesAreRefused() {
    assertEquals("override 'm.n=abc': 'm.n' is an int (currently int 5), got string 'abc'", error("m.n=abc"));
    assertEquals("override 'm.n=1.5': 'm.n' is an int (currently int 5), got float 1.5", error("m.n=1.5"));
    assertEquals("override 'm.lr=fast': 'm.lr' is a float (currently float 0.001), got string 'fast'", error("m.lr=fast"));
    assertEquals("override 'm.on=yes': 'm.on' is a bool (currently bool true), got string 'yes'", error("m.on=yes"));
    assertEquals("override 'm.on=1': 'm.on' is a bool (currently bool true), got int 1", error("m.on=1"));
    assertEquals("override 'm.xs=3': 'm.xs' is a list (currently list [1, 2]), got int 3", error("m.xs=3"));
    assertEquals("override 'm.name=[a]': 'm.name' is a string (currently string 'batchtopk'), got list [a]",
        error("m.name=[a]"));
    assertEquals("override 'm.sub=3': 'm.sub' is a section (currently section {deep}), got int 3; set its keys one by one",
        error("m.sub=3"));
  }

  @Test
  void unknownKeysNameTheValidKeys() {
    assertEquals("unknown key 'm.nn'; valid keys under 'm': n, lr, name, on, xs, maybe, width, sub"
        + " (use +m.nn=VALUE to add a key)", error("m.nn=3"));
    assertEquals("unknown key 'q.r'; valid keys at the top level: m, w, precision, hydra (use +q.r=VALUE to add a key)",
        error("q.r=1"));
    assertEquals("unknown key 'w.x'; 'w' is a value (int 8), not a section (use +w.x=VALUE to add a key)", error("w.x=1"));
  }

  @Test
  void addCreatesNewKeysAndSections() {
    ResolvedConfig c = load("+m.extra=3", "+new.section.key=[a, b]");
    assertEquals(3, c.get("m.extra"));
    assertEquals(List.of("a", "b"), c.get("new.section.key"));
    assertEquals("override '+m.n=3': could not add 'm.n': it already exists (int 5); use m.n=VALUE to change it",
        error("+m.n=3"));
  }

  @Test
  void forceAddSetsOrAdds() {
    assertEquals(9, load("++m.n=9").get("m.n"));
    assertEquals("v", load("++m.fresh=v").get("m.fresh"));
    // changing an existing key keeps the type rule
    assertTrue(error("++m.n=abc").contains("'m.n' is an int"));
  }

  @Test
  void deleteRemovesKeys() {
    ResolvedConfig c = load("~m.n", "~m.sub");
    assertFalse(c.has("m.n"));
    assertFalse(c.has("m.sub"));
    assertTrue(c.has("m.lr"));
    assertFalse(load("~m.name=batchtopk").has("m.name"));
    assertEquals(List.of(1), load("~m.xs.1").get("m.xs"));
    assertEquals("override '~m.name=topk': could not delete 'm.name': its value is string 'batchtopk', not string 'topk'",
        error("~m.name=topk"));
    assertTrue(error("~m.zz").startsWith("override '~m.zz': could not delete: unknown key 'm.zz'; valid keys under 'm': "));
  }

  @Test
  void dictValueUpdatesKeysOfASection() {
    ResolvedConfig c = load("m.sub={deep: 4}");
    assertEquals(Map.of("deep", 4), c.get("m.sub"));
    assertTrue(error("m.sub={nope: 4}").startsWith("unknown key 'm.sub.nope'; valid keys under 'm.sub': deep"));
  }

  @Test
  void listItemsByIndex() {
    assertEquals(List.of(1, 7), load("m.xs.1=7").get("m.xs"));
    assertEquals("unknown key 'm.xs.5'; 'm.xs' is a list of 2 items (indices 0..1) (use +m.xs.5=VALUE to add a key)",
        error("m.xs.5=7"));
  }

  @Test
  void laterOverridesWin() {
    assertEquals(3, load("m.n=2", "m.n=3").get("m.n"));
  }

  @Test
  void runDirIsAnOrdinaryKey() {
    assertEquals("/tmp/r", load("hydra.run.dir=/tmp/r").get("hydra.run.dir"));
  }
}
