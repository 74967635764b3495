package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * vista-java against OmegaConf itself: the fixtures under {@code omegaconf/} were resolved by
 * OmegaConf 2.2 ({@code tools/config/omegaconf_crosscheck.py}); JSON keeps ints and floats apart
 * (floats always carry a '.' or an exponent), so types are compared too.
 */
class OmegaConfCrossCheckTest {
  private static final String DIR = "/io/vista/train/config/omegaconf/";
  private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fixture(String name) throws IOException {
    try (InputStream in = OmegaConfCrossCheckTest.class.getResourceAsStream(DIR + name)) {
      return GSON.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), LinkedHashMap.class);
    }
  }

  /** Integers as Long, like the JSON reader gives them. */
  private static Object widen(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put((String) k, widen(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(widen(x)));
      return out;
    }
    return v;
  }

  @Test
  void interpolationCasesMatchOmegaConf() throws IOException, URISyntaxException {
    Path dir = Path.of(OmegaConfCrossCheckTest.class.getResource(DIR + "interpolation_cases.yaml").toURI()).getParent();
    Map<String, Object> ours = ConfigLoader.fromDirectory(dir)
        .withEnvironment(Map.of())
        .withClock(ConfigFiles.CLOCK)
        .load("interpolation_cases", List.of())
        .asMap();
    ours.remove("hydra");
    Map<String, Object> expected = fixture("interpolation_cases.json");
    assertEquals(35, expected.size()); // the fixture is the whole case list
    // key by key first, for a readable failure
    for (String key : expected.keySet()) {
      assertEquals(expected.get(key), widen(ours.get(key)), key);
    }
    assertEquals(expected, widen(ours));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "probe", "experiment", "overrides"})
  @SuppressWarnings("unchecked")
  void bundledCompositionMatchesOmegaConf(String name) throws IOException {
    Map<String, Object> expected = fixture("bundled_" + name + ".json");
    List<String> overrides = (List<String>) expected.remove("_overrides");
    Object runDir = expected.remove("_run_dir");
    ResolvedConfig c = ConfigFiles.bundled().load("config", overrides);
    Map<String, Object> ours = c.asMap();
    ours.remove("hydra");
    assertEquals(expected, widen(ours));
    assertEquals(runDir, c.get("hydra.run.dir"));
  }
}
