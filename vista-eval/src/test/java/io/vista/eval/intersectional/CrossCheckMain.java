package io.vista.eval.intersectional;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the analysis on a dataset written by tools/intersectional/crosscheck.py and writes the
 * Java results for it to compare (not a unit test; test scope keeps it out of the library).
 *
 * <p>Usage: {@code CrossCheckMain <dir>} with {@code <dir>/acts.f32} (little-endian float32,
 * row-major n x m) and {@code <dir>/input.json} ({@code n, m, age, gender, race, options,
 * anova_features}); writes {@code <dir>/java.json}.
 */
public final class CrossCheckMain {
  private CrossCheckMain() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    JsonObject in =
        JsonParser.parseString(Files.readString(dir.resolve("input.json"))).getAsJsonObject();
    int n = in.get("n").getAsInt();
    int m = in.get("m").getAsInt();
    byte[] bytes = Files.readAllBytes(dir.resolve("acts.f32"));
    float[] acts = new float[n * m];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(acts);
    int[] age = IntersectionalFixtures.ints(in.get("age"));
    int[] gender = IntersectionalFixtures.ints(in.get("gender"));
    int[] race = IntersectionalFixtures.ints(in.get("race"));
    JsonObject o = in.getAsJsonObject("options");
    IntersectionalOptions opts =
        IntersectionalOptions.DEFAULTS
            .withMinSubgroupSize(o.get("min_subgroup_size").getAsInt())
            .withSdf(o.get("k1").getAsInt(), o.get("k2").getAsInt(), o.get("k3").getAsInt(),
                o.get("k_top").getAsInt());

    long t0 = System.nanoTime();
    IntersectionalResult result = IntersectionalAnalysis.run(acts, n, m, age, gender, race, opts);
    long t1 = System.nanoTime();
    Anova design = Anova.threeWay(age, gender, race);
    Map<String, Object> tables = new LinkedHashMap<>();
    ActivationRows fm = ActivationRows.of(acts, n, m);
    for (int f : IntersectionalFixtures.ints(in.get("anova_features"))) {
      AnovaTable t = design.fit(fm, f);
      Map<String, Object> rows = new LinkedHashMap<>();
      for (AnovaTerm term : t.terms()) {
        rows.put(term.name(), Map.of("sum_sq", term.sumSq(), "df", term.df(), "F", term.f(),
            "PR(>F)", term.pValue()));
      }
      rows.put("Residual", Map.of("sum_sq", t.residualSumSq(), "df", t.residualDf()));
      tables.put(Integer.toString(f), rows);
    }
    long t2 = System.nanoTime();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", JsonParser.parseString(result.toJson()));
    out.put("anova_tables", tables);
    out.put("run_seconds", (t1 - t0) / 1e9);
    out.put("anova_seconds", (t2 - t1) / 1e9);
    Files.writeString(
        dir.resolve("java.json"),
        new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(out),
        StandardCharsets.UTF_8);
  }
}
