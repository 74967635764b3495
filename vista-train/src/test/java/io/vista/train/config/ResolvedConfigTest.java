package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Typed getters, immutability, and YAML output that reads back as the same values. */
class ResolvedConfigTest {

  private static ResolvedConfig sample() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("i", 5);
    m.put("big", 5_000_000_000L);
    m.put("f", 0.25);
    m.put("b", true);
    m.put("s", "text");
    m.put("n", null);
    m.put("l", List.of(1, "two"));
    m.put("sec", new LinkedHashMap<>(Map.of("k", 1)));
    return ResolvedConfig.of(m);
  }

  @Test
  void typedGetters() {
    ResolvedConfig c = sample();
    assertEquals(5, c.integer("i"));
    assertEquals(5L, c.longValue("i"));
    assertEquals(5_000_000_000L, c.longValue("big"));
    assertEquals(5.0, c.number("i"));
    assertEquals(0.25, c.number("f"));
    assertTrue(c.bool("b"));
    assertEquals("text", c.string("s"));
    assertNull(c.string("n"));
    assertEquals(List.of(1, "two"), c.list("l"));
    assertEquals(1, c.section("sec").integer("k"));
    assertEquals("two", c.get("l.1"));
    assertTrue(c.has("n"));
    assertFalse(c.has("zz"));
    assertFalse(c.has("sec.zz"));
  }

  @Test
  void wrongTypesNameTheKeyAndValue() {
    ResolvedConfig c = sample();
    assertEquals("s: expected an integer, got string 'text'", assertThrows(ConfigException.class, () -> c.integer("s")).getMessage());
    assertEquals("big: expected an integer, got int 5000000000", assertThrows(ConfigException.class, () -> c.integer("big")).getMessage());
    assertEquals("f: expected an integer, got float 0.25", assertThrows(ConfigException.class, () -> c.longValue("f")).getMessage());
    assertEquals("s: expected a number, got string 'text'", assertThrows(ConfigException.class, () -> c.number("s")).getMessage());
    assertEquals("i: expected true or false, got int 5", assertThrows(ConfigException.class, () -> c.bool("i")).getMessage());
    assertEquals("i: expected a string, got int 5", assertThrows(ConfigException.class, () -> c.string("i")).getMessage());
    assertEquals("s: expected a list, got string 'text'", assertThrows(ConfigException.class, () -> c.list("s")).getMessage());
    assertEquals("i: expected a section, got int 5", assertThrows(ConfigException.class, () -> c.section("i")).getMessage());
    // a section's messages keep the full key
    assertEquals("sec.k: expected a string, got int 1",
        assertThrows(ConfigException.class, () -> c.section("sec").string("k")).getMessage());
    assertEquals("unknown key 'sec.q'; valid keys under 'sec': k",
        assertThrows(ConfigException.class, () -> c.section("sec").get("q")).getMessage());
    assertEquals("unknown key 'zz'; valid keys at the top level: i, big, f, b, s, n, l, sec",
        assertThrows(ConfigException.class, () -> c.get("zz")).getMessage());
  }

  @Test
  void immutableAndCopiedOut() {
    ResolvedConfig c = sample();
    assertThrows(UnsupportedOperationException.class, () -> c.list("l").add(3));
    @SuppressWarnings("unchecked")
    Map<String, Object> sec = (Map<String, Object>) c.get("sec");
    assertThrows(UnsupportedOperationException.class, () -> sec.put("x", 1));
    Map<String, Object> copy = c.asMap();
    copy.put("i", 6);
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) copy.get("l");
    list.add(3);
    assertEquals(5, c.get("i"));
    assertEquals(List.of(1, "two"), c.get("l"));
  }

  private static Object readYaml(String yaml) {
    return new Load(LoadSettings.builder().build()).loadFromString(yaml);
  }

  @Test
  void toYamlRoundTripsTheBundledConfigs() {
    for (List<String> overrides : List.of(List.<String>of(),
        List.of("module=probe", "model=linear_probe", "data=fairface_labels"),
        // strings that look like other types must come back as strings
        List.of("trainer.precision=32", "+extra.s1='true'", "+extra.s2='null'", "+extra.s3='1e-4'", "+extra.s4='0x1F'",
            "+extra.s5=': colon'", "+extra.s6='# hash'", "+extra.s7=''", "+extra.f=1e-5", "+extra.inf=inf",
            "+extra.multi=\"two\\nlines\"", "+extra.list=[1, 'x', null, [2.5]]"))) {
      ResolvedConfig c = ConfigFiles.bundled().load("config", overrides);
      Map<String, Object> expected = c.asMap();
      expected.remove("hydra");
      assertEquals(expected, readYaml(c.toYaml()), "overrides " + overrides);
      assertEquals(c.asMap(), readYaml(c.toYaml(true)), "overrides " + overrides);
    }
  }

  @Test
  void toYamlLooksLikeHydras() {
    ResolvedConfig c = ConfigFiles.bundled().load("config", List.of());
    String yaml = c.toYaml();
    assertTrue(yaml.startsWith("model:\n  input_size: 1024\n  hidden_size: 4096\ndata:\n"), yaml);
    assertTrue(yaml.contains("\n  learning_rate: 0.0001\n"), yaml);
    assertTrue(yaml.contains("\n  precision: 16-mixed\n"), yaml);
    assertFalse(yaml.contains("hydra"), yaml);
    assertTrue(c.toYaml(true).contains("hydra:\n  run:\n    dir: outputs/2024-03-05/07-08-09\n"));
  }

  @Test
  void ofReadsASavedConfigBack() {
    ResolvedConfig c = ConfigFiles.bundled().load("config", List.of("module.top_k=16"));
    @SuppressWarnings("unchecked")
    ResolvedConfig again = ResolvedConfig.of((Map<String, Object>) readYaml(c.toYaml(true)));
    assertEquals(c, again);
    assertEquals(RunConfig.from(c).module(), RunConfig.from(again).module());
    // without the hydra section the module kind comes from the keys
    @SuppressWarnings("unchecked")
    ResolvedConfig job = ResolvedConfig.of((Map<String, Object>) readYaml(
        ConfigFiles.bundled().load("config", List.of("+experiment=linear_probe")).toYaml()));
    assertEquals("probe", RunConfig.moduleKind(job));
  }
}
