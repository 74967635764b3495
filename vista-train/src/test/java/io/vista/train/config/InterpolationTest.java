package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OmegaConf interpolation: references, strings, resolvers, errors. */
class InterpolationTest {
  @TempDir Path dir;

  private ResolvedConfig load(String yaml, String... overrides) {
    ConfigFiles.write(dir, "config.yaml", yaml);
    return ConfigFiles.loader(dir).load("config", List.of(overrides));
  }

  private String error(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void absoluteReferencesKeepTheirType() {
    ResolvedConfig c = load("a:\n  n: 5\n  f: 0.5\n  b: true\n  l: [1, 2]\n  s:\n    x: 1\n"
        + "r:\n  n: ${a.n}\n  f: ${a.f}\n  b: ${a.b}\n  l: ${a.l}\n  s: ${a.s}\n  item: ${a.l.1}\n  bracket: ${a.l[0]}\n");
    assertEquals(5, c.get("r.n"));
    assertEquals(0.5, c.get("r.f"));
    assertEquals(true, c.get("r.b"));
    assertEquals(List.of(1, 2), c.get("r.l"));
    assertEquals(Map.of("x", 1), c.get("r.s"));
    assertEquals(2, c.get("r.item"));
    assertEquals(1, c.get("r.bracket"));
  }

  @Test
  void relativeReferences() {
    ResolvedConfig c = load("top: 1\nm:\n  a: 2\n  b: ${.a}\n  c: ${..top}\n  sub:\n    d: ${..a}\n");
    assertEquals(2, c.get("m.b"));
    assertEquals(1, c.get("m.c"));
    assertEquals(2, c.get("m.sub.d"));
  }

  @Test
  void chainsResolveThroughOtherInterpolations() {
    ResolvedConfig c = load("a: ${b}\nb: ${c}\nc: 3\n");
    assertEquals(3, c.get("a"));
  }

  @Test
  void interpolationsInsideStringsUsePythonStr() {
    ResolvedConfig c = load("root: out\nseed: 42\nlr: 1.0e-05\nf: 0.001\nflag: true\nnone: null\n"
        + "dir: ${root}/run_${seed}\nname: lr${lr}_f${f}_${flag}_${none}\n");
    assertEquals("out/run_42", c.get("dir"));
    assertEquals("lr1e-05_f0.001_True_None", c.get("name"));
  }

  @Test
  void escapedInterpolationIsLiteral() {
    assertEquals("${not.a.key}", load("a: \\${not.a.key}\n").get("a"));
  }

  @Test
  void interpolationsAreResolvedAfterOverrides() {
    ResolvedConfig c = load("model:\n  width: 1024\nmodule:\n  width: ${model.width}\n", "model.width=512");
    assertEquals(512, c.get("module.width"));
  }

  @Test
  void envWithExistingVariable() {
    // HOME is set for every user on a POSIX machine; compare with what the JVM sees.
    String home = System.getenv("HOME");
    assertNotNull(home);
    ConfigFiles.write(dir, "config.yaml", "h: ${oc.env:HOME}\nd: ${oc.env:HOME,/nowhere}\n");
    ResolvedConfig c = ConfigLoader.fromDirectory(dir).load("config", List.of());
    assertEquals(home, c.get("h"));
    assertEquals(home, c.get("d"));
  }

  @Test
  void envDefaultsWhenMissing() {
    ResolvedConfig c = load("a: ${oc.env:VISTA_SURELY_UNSET_VAR_1234,fallback/dir}\n"
        + "b: ${oc.env:VISTA_SURELY_UNSET_VAR_1234,null}\n"
        + "c: ${oc.env:VISTA_SURELY_UNSET_VAR_1234,5}\n"
        + "d: ${oc.env:VISTA_SURELY_UNSET_VAR_1234, 'quoted, with comma'}\n"
        + "e: ${oc.env:VISTA_SURELY_UNSET_VAR_1234,${x}}\nx: inner\n");
    assertEquals("fallback/dir", c.get("a"));
    assertNull(c.get("b"));
    assertEquals("5", c.get("c")); // OmegaConf returns defaults as strings
    assertEquals("quoted, with comma", c.get("d"));
    assertEquals("inner", c.get("e"));
  }

  @Test
  void envFromTheInjectedEnvironment() {
    ConfigFiles.write(dir, "config.yaml", "a: ${oc.env:MY_VAR,x}\n");
    assertEquals("set", ConfigLoader.fromDirectory(dir).withEnvironment(Map.of("MY_VAR", "set"))
        .load("config", List.of()).get("a"));
  }

  @Test
  void envMissingWithoutDefaultIsAnError() {
    assertEquals("interpolation '${oc.env:VISTA_SURELY_UNSET_VAR_1234}' at 'a': environment variable"
        + " 'VISTA_SURELY_UNSET_VAR_1234' is not set; set it or give a default: ${oc.env:VISTA_SURELY_UNSET_VAR_1234,DEFAULT}",
        error("a: ${oc.env:VISTA_SURELY_UNSET_VAR_1234}\n"));
  }

  @Test
  void nowIsPythonStrftimeAndTheSameForAllUses() {
    ResolvedConfig c = load("a: ${now:%Y-%m-%d}/${now:%H-%M-%S}\nb: ${now:%H:%M:%S.%f}\nc: ${now:%y%j %a %b}\n");
    assertEquals("2024-03-05/07-08-09", c.get("a"));
    assertEquals("07:08:09.123456", c.get("b"));
    assertEquals("24065 Tue Mar", c.get("c"));
  }

  @Test
  void nowUsesTheClocksZone() {
    ConfigFiles.write(dir, "config.yaml", "a: ${now:%Y-%m-%d %H:%M %z}\n");
    Clock tokyo = Clock.fixed(Instant.parse("2024-12-31T20:30:00Z"), ZoneId.of("Asia/Tokyo"));
    assertEquals("2025-01-01 05:30 +0900",
        ConfigLoader.fromDirectory(dir).withClock(tokyo).load("config", List.of()).get("a"));
  }

  @Test
  void selectAndHydraResolvers() {
    ConfigFiles.write(dir, "g/one.yaml", "k: 1\n");
    ResolvedConfig c = load("defaults:\n  - g: one\na: 1\nb: ${oc.select:a,9}\nc: ${oc.select:zz,9}\nd: ${hydra:runtime.choices.g}\n"
        .replace("defaults:\n  - g: one\n", "defaults:\n  - g: one\n  - _self_\n"));
    assertEquals(1, c.get("b"));
    assertEquals(9, c.get("c")); // typed like OmegaConf's grammar
    assertEquals("one", c.get("d"));
  }

  @Test
  void missingKeyIsNamedWithTheValidKeys() {
    assertEquals("interpolation '${m.widht}' at 'x': unknown key 'm.widht'; valid keys under 'm': width, depth",
        error("m:\n  width: 1\n  depth: 2\nx: ${m.widht}\n"));
  }

  @Test
  void cyclesAreReported() {
    assertEquals("interpolation cycle: a -> b -> c -> a", error("a: ${b}\nb: ${c}\nc: ${a}\n"));
    assertEquals("interpolation cycle: s.x -> s.x", error("s:\n  x: ${s}\n"));
    assertEquals("interpolation cycle: a -> a", error("a: x${a}\n"));
  }

  @Test
  void malformedInterpolations() {
    assertEquals("interpolation 'x${a' at 'b': unterminated ${", error("a: 1\nb: x${a\n"));
    assertEquals("interpolation '${foo:bar}' at 'b': unknown resolver 'foo'; supported: oc.env, oc.select, now, hydra",
        error("b: ${foo:bar}\n"));
    assertEquals("interpolation '${s}/x' at 'b': a section cannot be inserted into a string", error("s:\n  k: 1\nb: ${s}/x\n"));
    assertEquals("interpolation '${oc.env:}' at 'b': resolver 'oc.env' takes 1 or 2 arguments, got 0", error("b: ${oc.env:}\n"));
  }

  @Test
  void mandatoryValues() {
    ResolvedConfig c = load("checkpoint: ???\nother: 1\n");
    assertFalse(c.has("checkpoint"));
    assertEquals("missing mandatory value 'checkpoint' (???); set it with checkpoint=VALUE",
        assertThrows(ConfigException.class, () -> c.get("checkpoint")).getMessage());
    assertEquals("/x.ckpt", load("checkpoint: ???\n", "checkpoint=/x.ckpt").get("checkpoint"));
    assertEquals("interpolation '${checkpoint}' at 'b': 'checkpoint' is a mandatory value (???) that was not set",
        error("checkpoint: ???\nb: ${checkpoint}\n"));
  }

  @Test
  void pythonFloatText() {
    assertEquals("0.0001", Interpolator.pythonFloat(1e-4));
    assertEquals("1e-05", Interpolator.pythonFloat(1e-5));
    assertEquals("5e-05", Interpolator.pythonFloat(5e-5));
    assertEquals("0.03125", Interpolator.pythonFloat(0.03125));
    assertEquals("1.0", Interpolator.pythonFloat(1));
    assertEquals("-2.5", Interpolator.pythonFloat(-2.5));
    assertEquals("1e+16", Interpolator.pythonFloat(1e16));
    assertEquals("1234567.0", Interpolator.pythonFloat(1234567));
    assertEquals("0.1", Interpolator.pythonFloat(0.1));
    assertEquals("0.0", Interpolator.pythonFloat(0));
    assertEquals("-0.0", Interpolator.pythonFloat(-0.0));
    assertEquals("0.001", Interpolator.pythonFloat(0.001));
    assertEquals("123.456", Interpolator.pythonFloat(123.456));
    assertEquals("inf", Interpolator.pythonFloat(Double.POSITIVE_INFINITY));
  }
}
