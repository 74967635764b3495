package io.vista.eval.intersectional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.data.demo.DemoTruth;
import io.vista.core.internal.graph.Tensors;
import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import io.vista.eval.EvalMainHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

/**
 * The intersectional analysis end to end on data with a known answer: {@link DemoGenerator} plants
 * atoms that fire more often only when two attributes match together (gender 1 with race 1, gender
 * 0 with age 3, race 3 with age 4) next to two atoms per attribute class; a BatchTopK SAE is
 * trained on the training split's tokens and written as a checkpoint folder, which goes through
 * {@code vista-eval intersectional} (VISTA's default settings) on the validation split. Each planted
 * atom is mapped to its best-matching SAE feature (largest cosine with a decoder row {@code
 * W_dec[i]}); an atom counts as recovered at cosine &gt;= 0.9. Then
 *
 * <ul>
 *   <li>every recovered intersectional atom whose feature the ANOVA tests is classified {@code
 *       intersectional}, with the planted pair's interaction (e.g. {@code C(gender):C(race)}) the
 *       strongest significant term; most intersectional atoms are recovered and tested;
 *   <li>most single-attribute atoms are recovered, and the feature of each is among the
 *       single-attribute SDFs of its attribute and class.
 * </ul>
 *
 * The expectations come from the generating model ({@link DemoTruth}), not from the analysis.
 *
 * <p>Sizes: 96 atoms in 32 dimensions, 4 firing per token (active rate 0.27 where the condition
 * holds, base rate 0.025), as the planted-atom recovery test of vista-train. 6000 validation samples
 * give the planted subgroups (e.g. age 3 x gender 0 x race r, about 0.30 x 0.47 x 0.14 of the
 * samples) far more than min_subgroup_size = 30 samples each.
 *
 * <p>Two properties of VISTA's method that this data shows, neither asserted here:
 *
 * <ul>
 *   <li>Stage 3 of the SDF filter ranks label entropy whatever class a feature's top samples belong
 *       to, so with a tight k3 a rare class's SDFs fill up with features that are pure for other
 *       classes: with cut-offs 64/32/10 the age-7 SDFs held nine other ages' atoms (entropy 0) and
 *       lost one of the two age-7 atoms (entropy 0.47). With the defaults 200/100/50 there is room.
 *   <li>The ANOVA assumes equal variances, but a sparse feature's variance grows with its firing
 *       rate, so about a third of the single-attribute atoms' features are also classified
 *       intersectional, with partial eta^2 0.015 to 0.03 against 0.13 to 0.38 for the planted ones
 *       ({@code tools/inttest/anova_false_positives.py} shows the same without any SAE).
 * </ul>
 *
 * <p>{@code -Dinttest.seed=N} (in {@code surefire.argLine}) re-runs it on another demo; seeds 1, 2, 3
 * and 7 pass.
 */
@Tag("slow")
class PlantedIntersectionalIntegrationTest {
  private static final int DIM = 32;
  private static final int ATOMS = 96;
  private static final int ACTIVE = 4;
  private static final int TOKENS = 16;
  private static final int TRAIN_SAMPLES = 1500;
  private static final int VAL_SAMPLES = 6000;
  private static final double NOISE = 0.02;
  private static final long SEED = Long.getLong("inttest.seed", 7);
  private static final int DICT = 2 * ATOMS;
  private static final int ROWS = 256;
  private static final int STEPS = 3000;
  /** An atom counts as recovered when a decoder row has at least this cosine with it. */
  private static final double RECOVERED = 0.9;

  private static final String[] ATTRIBUTES = DemoGenerator.ATTRIBUTES;

  @Test
  void plantedIntersectionalAtomsAreClassifiedIntersectional(@TempDir Path dir) throws IOException {
    long t0 = System.nanoTime();
    Path h5 = dir.resolve("demo.h5");
    DemoTruth truth = DemoGenerator.generate(
        new DemoSpec(TRAIN_SAMPLES, VAL_SAMPLES, TOKENS, DIM, ATOMS, ACTIVE, NOISE, SEED, true, 1.0), h5);
    long t1 = System.nanoTime();

    SaeModel sae = train(h5);
    Path ckpt = dir.resolve("sae");
    sae.save(ckpt);
    long t2 = System.nanoTime();

    Path out = dir.resolve("inter");
    var run = EvalMainHarness.run("intersectional", "--checkpoint", ckpt.toString(), "--hdf5", h5.toString(),
        "--output-dir", out.toString(), "--mode", "validation", "--quiet");
    assertEquals(0, run.status(), run.err());
    long t3 = System.nanoTime();
    JsonObject r = JsonParser.parseString(Files.readString(out.resolve("intersectional_results.json")))
        .getAsJsonObject();

    float[] wDec = sae.weights().get(SaeWeights.W_DEC);
    float[][] atoms = truth.atoms();
    int[] best = new int[ATOMS];
    double[] cos = new double[ATOMS];
    for (int a = 0; a < ATOMS; a++) {
      best[a] = bestFeature(atoms[a], wDec);
      cos[a] = cosine(atoms[a], wDec, best[a]);
    }

    Map<Integer, JsonObject> tests = new HashMap<>();
    for (JsonElement e : r.getAsJsonArray("anova_interaction")) {
      JsonObject t = e.getAsJsonObject();
      tests.put(t.get("feature_index").getAsInt(), t);
    }
    System.out.printf("PlantedIntersectionalIntegrationTest: generate %.1f s, train %.1f s, intersectional %.1f s;"
            + " %d ANOVA candidates, %d intersectional%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, tests.size(),
        r.getAsJsonObject("anova_summary").get("n_intersectional").getAsInt());

    // (a) Planted intersectional atoms: classified intersectional, by the planted pair's term.
    List<String> wrong = new ArrayList<>();
    int analysed = 0;
    List<Integer> planted = truth.intersectionalAtoms();
    for (int a : planted) {
      int f = best[a];
      JsonObject t = tests.get(f);
      String pair = plantedTerm(truth.atomCondition()[a]);
      System.out.printf("  intersectional atom %d (%s): feature %d, cosine %.3f -> %s%n", a, pair, f, cos[a],
          t == null ? "not tested" : t.get("classification").getAsString() + ", strongest interaction "
              + strongestTerm(t));
      if (cos[a] < RECOVERED || t == null) {
        continue;
      }
      analysed++;
      String v = t.get("classification").getAsString();
      if (!v.equals(InteractionTest.INTERSECTIONAL)) {
        wrong.add("atom " + a + " -> feature " + f + ": " + v);
      } else if (!pair.equals(strongestTerm(t))) {
        wrong.add("atom " + a + " -> feature " + f + ": strongest interaction " + strongestTerm(t) + ", planted "
            + pair);
      }
    }
    assertTrue(wrong.isEmpty(), "planted intersectional atoms misjudged: " + wrong);
    assertTrue(2 * analysed > planted.size(),
        "only " + analysed + " of " + planted.size() + " planted intersectional atoms were recovered and tested");

    // (b) planted single-attribute atoms
    JsonObject single = r.getAsJsonObject("single_attribute_sdfs");
    List<String> missed = new ArrayList<>();
    int found = 0;
    int recovered = 0;
    int flagged = 0;
    int tested = 0;
    int singleAtoms = 0;
    for (int at = 0; at < ATTRIBUTES.length; at++) {
      JsonObject sdfs = single.getAsJsonObject(ATTRIBUTES[at]).getAsJsonObject("sdfs");
      for (int c = 0; c < DemoGenerator.CLASS_COUNTS[at]; c++) {
        Set<Integer> classSdfs = ints(sdfs.getAsJsonArray(Integer.toString(c)));
        for (int a : truth.attributeAtoms(at, c)) {
          singleAtoms++;
          JsonObject t = tests.get(best[a]);
          if (t != null) {
            tested++;
            if (t.get("classification").getAsString().equals(InteractionTest.INTERSECTIONAL)) {
              flagged++;
            }
          }
          if (cos[a] < RECOVERED) {
            continue;
          }
          recovered++;
          if (classSdfs.contains(best[a])) {
            found++;
          } else {
            missed.add(ATTRIBUTES[at] + "=" + c + ": atom " + a + " -> feature " + best[a]);
          }
        }
      }
    }
    // Not asserted: VISTA's OLS ANOVA assumes equal variances, but a sparse feature's variance grows with its
    // firing rate, so single-attribute features are sometimes called intersectional (see tools/inttest).
    System.out.printf("  single-attribute atoms: %d recovered, %d among their class's SDFs; %d tested by the ANOVA,"
        + " %d of them classified intersectional%n", recovered, found, tested, flagged);
    assertTrue(2 * recovered > singleAtoms, "only " + recovered + " of " + singleAtoms + " single-attribute atoms "
        + "recovered with cosine >= " + RECOVERED);
    assertTrue(missed.isEmpty(), "single-attribute atoms missing from their class's SDFs: " + missed);
  }

  /** Trains a BatchTopK SAE on every token of the training split (the recipe of PlantedAtomRecoveryTest). */
  private static SaeModel train(Path h5) {
    float[] x;
    try (LatentFile f = LatentFile.open(h5)) {
      LatentSplit s = f.split("training", "encoded");
      x = s.read(0, TRAIN_SAMPLES);
    }
    int n = x.length / DIM;
    SaeSpec spec = SaeSpec.builder("batchtopk", DIM, DICT)
        .topK(ACTIVE)
        .topKAux(64)
        .learningRate(2e-3)
        .inference("threshold")
        .build();
    try (SaeSession session = new SaeSession(spec, SaeWeights.initialize(spec, 5), 1, 1)) {
      SplittableRandom rng = new SplittableRandom(3);
      int[] order = IntStream.range(0, n).toArray();
      int next = n;
      float[] batch = new float[ROWS * DIM];
      for (int step = 0; step < STEPS; step++) {
        for (int row = 0; row < ROWS; row++) {
          if (next == n) {
            shuffle(order, rng);
            next = 0;
          }
          System.arraycopy(x, order[next++] * DIM, batch, row * DIM, DIM);
        }
        try (TFloat32 t = Tensors.of(batch, ROWS, DIM)) {
          session.trainStep(t);
        }
      }
      return SaeModel.of(spec, session.weights());
    }
  }

  /** The statsmodels name of the interaction term of an intersectional atom's two attributes. */
  private static String plantedTerm(int[] condition) {
    int lo = Math.min(condition[0], condition[2]);
    int hi = Math.max(condition[0], condition[2]);
    return "C(" + ATTRIBUTES[lo] + "):C(" + ATTRIBUTES[hi] + ")";
  }

  /** The interaction term with the largest partial eta-squared among the significant ones, or "none". */
  private static String strongestTerm(JsonObject test) {
    String best = "none";
    double eta = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, JsonElement> e : test.getAsJsonObject("interactions").entrySet()) {
      JsonObject v = e.getValue().getAsJsonObject();
      double x = v.get("partial_eta_squared").getAsDouble();
      if (v.get("significant").getAsBoolean() && x > eta) {
        eta = x;
        best = e.getKey();
      }
    }
    return best;
  }

  private static int bestFeature(float[] atom, float[] wDec) {
    int best = -1;
    double bestCos = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < DICT; j++) {
      double c = cosine(atom, wDec, j);
      if (c > bestCos) {
        bestCos = c;
        best = j;
      }
    }
    return best;
  }

  /** Cosine between {@code atom} and decoder row {@code j} of {@code wDec} [DICT, DIM]. */
  private static double cosine(float[] atom, float[] wDec, int j) {
    double dot = 0;
    double nr = 0;
    double na = 0;
    for (int i = 0; i < DIM; i++) {
      double w = wDec[j * DIM + i];
      dot += w * atom[i];
      nr += w * w;
      na += (double) atom[i] * atom[i];
    }
    return nr > 0 ? dot / Math.sqrt(nr * na) : -1;
  }

  private static Set<Integer> ints(JsonArray a) {
    Set<Integer> out = new HashSet<>();
    if (a != null) {
      a.forEach(e -> out.add(e.getAsInt()));
    }
    return out;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
