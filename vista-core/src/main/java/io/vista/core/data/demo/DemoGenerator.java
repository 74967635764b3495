package io.vista.core.data.demo;

import io.vista.core.internal.hdf5.ChunkedDatasetWriter;
import io.vista.core.internal.hdf5.ElementType;
import io.vista.core.internal.hdf5.Hdf5Writer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a VISTA-format file of synthetic latents with a planted, known structure (see the
 * package documentation), exactly as the Python extraction lays files out: root attributes
 * {@code model}, {@code dataset}; groups {@code training}, {@code validation} with {@code encoded}
 * (float16, chunks of 128 samples), {@code labels/{age,gender,race}} and {@code original_indices}
 * (int64, chunks of 512), all Zstandard level 3; plus the truth under {@code /ground_truth}.
 *
 * <p>The model, per sample: age, gender and race are drawn independently from FairFace-like
 * (non-uniform) priors. Per token: {@code x = offset + sum_i c_i a_i + noise}, over the atoms
 * {@code a_i} (random unit vectors, near-orthogonal while atoms &lt;= 8 d) that fire; each atom fires
 * independently, with its active rate when its condition holds for the sample and the shared base
 * rate otherwise; {@code c_i = 0.5 + 0.5 Exp(1)} (non-negative, mean 1); noise is N(0, noiseStd^2); the whole token is then multiplied by {@code scale}
 * per coordinate. Two attribute atoms per class of each attribute fire at the active rate for
 * that class; with {@code intersectional}, two atoms for each of three attribute pairs fire at the
 * active rate only when both match. The base rate is solved so that the expected number of atoms
 * firing per token is {@code activePerToken}.
 *
 * <p>Memory does not grow with the number of samples: samples are generated one at a time and
 * streamed through {@link Hdf5Writer}. Output is a pure function of the spec (SplitMix64 streams).
 */
public final class DemoGenerator {
  /** Attribute names in label order, and their class counts as in FairFace. */
  public static final String[] ATTRIBUTES = {"age", "gender", "race"};

  public static final int[] CLASS_COUNTS = {9, 2, 7};

  /**
   * Approximate FairFace training-set proportions (age bins 0-2 ... 70+; Male, Female (0, 1, as
   * VISTA encodes gender); White, Black, Latino_Hispanic, East Asian, Southeast Asian, Indian,
   * Middle Eastern).
   */
  static final double[][] CLASS_PRIORS = {
    {0.02, 0.12, 0.11, 0.30, 0.22, 0.12, 0.07, 0.03, 0.01},
    {0.47, 0.53},
    {0.19, 0.14, 0.15, 0.14, 0.12, 0.14, 0.12},
  };

  static final int ATTRIBUTE_ATOMS_PER_CLASS = 2;
  static final int INTERSECTIONAL_ATOMS_PER_PAIR = 2;

  /**
   * Planted attribute pairs (attributeA, classA, attributeB, classB): gender 1 with race 1, gender
   * 0 with age 3, race 3 with age 4.
   */
  static final int[][] INTERSECTIONS = {
    {DemoTruth.GENDER, 1, DemoTruth.RACE, 1},
    {DemoTruth.GENDER, 0, DemoTruth.AGE, 3},
    {DemoTruth.RACE, 3, DemoTruth.AGE, 4},
  };

  /** Share of the expected activity carried by attribute atoms, at most; and their cap. */
  private static final double ATTRIBUTE_SHARE = 0.4;
  private static final double MAX_ACTIVE_RATE = 0.5;
  private static final double OFFSET_STD = 0.1;
  private static final int BATCH = 128;

  private DemoGenerator() {}

  /** Atoms with a planted condition: 2 per class of each attribute (+ 6 intersectional). */
  public static int plantedAtoms(boolean intersectional) {
    int attributeAtoms = 0;
    for (int c : CLASS_COUNTS) {
      attributeAtoms += c * ATTRIBUTE_ATOMS_PER_CLASS;
    }
    return attributeAtoms + (intersectional ? INTERSECTIONS.length * INTERSECTIONAL_ATOMS_PER_PAIR : 0);
  }

  /** Builds the generating model for a spec (no file written). */
  public static DemoTruth truth(DemoSpec spec) {
    DemoRandom rng = DemoRandom.stream(spec.seed(), 0);
    int a = spec.atoms();
    int d = spec.dim();
    float[][] atoms = new float[a][d];
    for (float[] atom : atoms) {
      double[] v = new double[d];
      double norm = 0;
      for (int j = 0; j < d; j++) {
        v[j] = rng.nextGaussian();
        norm += v[j] * v[j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < d; j++) {
        atom[j] = (float) (v[j] / norm);
      }
    }
    float[] offset = new float[d];
    for (int j = 0; j < d; j++) {
      offset[j] = (float) (OFFSET_STD * rng.nextGaussian());
    }

    // Roles at shuffled positions, so no analysis can lean on atom order.
    int[] order = new int[a];
    for (int i = 0; i < a; i++) {
      order[i] = i;
    }
    for (int i = a - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] attribute = new int[a];
    int[] cls = new int[a];
    int[][] condition = new int[a][];
    Arrays.fill(attribute, DemoTruth.NONE);
    Arrays.fill(cls, -1);
    for (int i = 0; i < a; i++) {
      condition[i] = new int[] {-1, -1, -1, -1};
    }
    int next = 0;
    for (int at = 0; at < ATTRIBUTES.length; at++) {
      for (int c = 0; c < CLASS_COUNTS[at]; c++) {
        for (int k = 0; k < ATTRIBUTE_ATOMS_PER_CLASS; k++) {
          int i = order[next++];
          attribute[i] = at;
          cls[i] = c;
          condition[i] = new int[] {at, c, -1, -1};
        }
      }
    }
    if (spec.intersectional()) {
      for (int[] pair : INTERSECTIONS) {
        for (int k = 0; k < INTERSECTIONAL_ATOMS_PER_PAIR; k++) {
          int i = order[next++];
          attribute[i] = DemoTruth.INTERSECTIONAL;
          condition[i] = pair.clone();
        }
      }
    }

    // Rates: conditioned atoms at `high` when their condition holds; every atom otherwise at the
    // base rate r solving E[#active] = K:
    //   K = sum_conditioned [P(cond) high + (1 - P(cond)) r] + n_background r.
    int planted = next;
    int k = spec.activePerToken();
    double high = Math.min(MAX_ACTIVE_RATE, ATTRIBUTE_SHARE * k / (ATTRIBUTES.length * ATTRIBUTE_ATOMS_PER_CLASS));
    double highMass = 0;
    double baseWeight = a - planted;
    for (int i = 0; i < a; i++) {
      if (condition[i][0] >= 0) {
        double p = conditionProbability(condition[i]);
        highMass += p * high;
        baseWeight += 1 - p;
      }
    }
    double r = Math.max(1e-4, (k - highMass) / baseWeight);
    float[] baseRate = new float[a];
    float[] activeRate = new float[a];
    for (int i = 0; i < a; i++) {
      baseRate[i] = (float) r;
      activeRate[i] = condition[i][0] >= 0 ? (float) high : (float) r;
    }
    return new DemoTruth(spec, atoms, offset, baseRate, activeRate, attribute, cls, condition,
        CLASS_PRIORS);
  }

  private static double conditionProbability(int[] condition) {
    double p = CLASS_PRIORS[condition[0]][condition[1]];
    if (condition[2] >= 0) {
      p *= CLASS_PRIORS[condition[2]][condition[3]];
    }
    return p;
  }

  /** Generates {@code out} (atomically, via {@link Hdf5Writer}) and returns its truth. */
  public static DemoTruth generate(DemoSpec spec, Path out) {
    DemoTruth truth = truth(spec);
    try (Hdf5Writer w = Hdf5Writer.create(out)) {
      w.setAttribute("/", "model", "DemoGenerator");
      w.setAttribute("/", "dataset", "demo");
      TokenSampler sampler = new TokenSampler(truth);
      writeSplit(w, "training", spec.trainSamples(), 0, DemoRandom.stream(spec.seed(), 1), sampler, spec);
      writeSplit(w, "validation", spec.valSamples(), spec.trainSamples(),
          DemoRandom.stream(spec.seed(), 2), sampler, spec);
      writeTruth(w, truth);
      w.commit();
    }
    return truth;
  }

  private static void writeSplit(Hdf5Writer w, String split, int n, long firstIndex,
      DemoRandom rng, TokenSampler sampler, DemoSpec spec) {
    int t = spec.tokensPerSample();
    int d = spec.dim();
    long[] shape = spec.pooled() ? new long[] {n, d} : new long[] {n, t, d};
    int rows = Math.max(1, Math.min(BATCH, n));
    int[] chunk = spec.pooled() ? new int[] {rows, d} : new int[] {rows, t, d};
    ChunkedDatasetWriter encoded = w.createDataset("/" + split + "/encoded", ElementType.FLOAT16,
        shape, chunk, Hdf5Writer.ZSTD_LEVEL);
    int labelRows = Math.max(1, Math.min(4 * BATCH, n));
    ChunkedDatasetWriter[] labels = new ChunkedDatasetWriter[ATTRIBUTES.length];
    for (int at = 0; at < ATTRIBUTES.length; at++) {
      labels[at] = w.createDataset("/" + split + "/labels/" + ATTRIBUTES[at], ElementType.INT64,
          new long[] {n}, new int[] {labelRows}, Hdf5Writer.ZSTD_LEVEL);
    }
    ChunkedDatasetWriter indices = w.createDataset("/" + split + "/original_indices",
        ElementType.INT64, new long[] {n}, new int[] {labelRows}, Hdf5Writer.ZSTD_LEVEL);

    float[] sample = new float[t * d];
    int[] label = new int[ATTRIBUTES.length];
    long[][] labelBatch = new long[ATTRIBUTES.length][BATCH];
    long[] indexBatch = new long[BATCH];
    int inBatch = 0;
    for (int s = 0; s < n; s++) {
      for (int at = 0; at < ATTRIBUTES.length; at++) {
        label[at] = rng.nextCategorical(CLASS_PRIORS[at]);
        labelBatch[at][inBatch] = label[at];
      }
      indexBatch[inBatch] = firstIndex + s;
      inBatch++;
      sampler.sample(rng, label, sample);
      encoded.append(sample, 0, sample.length);
      if (inBatch == BATCH || s == n - 1) {
        for (int at = 0; at < ATTRIBUTES.length; at++) {
          labels[at].append(labelBatch[at], 0, inBatch);
        }
        indices.append(indexBatch, 0, inBatch);
        inBatch = 0;
      }
    }
  }

  private static void writeTruth(Hdf5Writer w, DemoTruth truth) {
    DemoSpec spec = truth.spec();
    int a = spec.atoms();
    int d = spec.dim();
    float[] atoms = new float[a * d];
    float[][] rows = truth.atoms();
    for (int i = 0; i < a; i++) {
      System.arraycopy(rows[i], 0, atoms, i * d, d);
    }
    int level = Hdf5Writer.ZSTD_LEVEL;
    w.writeFloats("/ground_truth/atoms", atoms, new long[] {a, d}, ElementType.FLOAT32, null, level);
    w.writeFloats("/ground_truth/offset", truth.offset(), new long[] {d}, ElementType.FLOAT32, null, level);
    w.writeFloats("/ground_truth/base_rate", truth.baseRate(), new long[] {a}, ElementType.FLOAT32, null, level);
    w.writeFloats("/ground_truth/active_rate", truth.activeRate(), new long[] {a}, ElementType.FLOAT32, null, level);
    w.writeLongs("/ground_truth/atom_attribute", toLongs(truth.atomAttribute()), null, level);
    w.writeLongs("/ground_truth/atom_class", toLongs(truth.atomClass()), null, level);
    long[] condition = new long[a * 4];
    int[][] conditions = truth.atomCondition();
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < 4; j++) {
        condition[i * 4 + j] = conditions[i][j];
      }
    }
    ChunkedDatasetWriter cond = w.createDataset("/ground_truth/atom_condition", ElementType.INT64,
        new long[] {a, 4}, new int[] {a, 4}, level);
    cond.append(condition, 0, condition.length);
    for (int at = 0; at < ATTRIBUTES.length; at++) {
      float[] prior = new float[CLASS_COUNTS[at]];
      for (int c = 0; c < prior.length; c++) {
        prior[c] = (float) CLASS_PRIORS[at][c];
      }
      w.writeFloats("/ground_truth/class_prior/" + ATTRIBUTES[at], prior, new long[] {prior.length},
          ElementType.FLOAT32, null, level);
    }
    String g = "/ground_truth";
    w.setAttribute(g, "model", "x = offset + sum over firing atoms i of c_i * atoms[i] + N(0, noise_std^2); "
        + "c_i = 0.5 + 0.5*Exp(1); atom i fires independently per token with active_rate[i] when "
        + "atom_condition[i] holds for the sample's labels, else base_rate[i]");
    w.setAttribute(g, "atom_attribute_codes", "-1 background, 0 age, 1 gender, 2 race, 3 intersectional");
    w.setAttribute(g, "atom_condition_columns", "attribute_a, class_a, attribute_b, class_b "
        + "(-1 = unused; attribute atoms use only a; intersectional atoms need a and b)");
    w.setAttribute(g, "attributes", String.join(",", ATTRIBUTES));
    w.setAttribute(g, "labels", "age, gender, race drawn independently from class_prior/*");
    w.setAttribute(g, "noise_std", Double.toString(spec.noiseStd()));
    w.setAttribute(g, "scale", Double.toString(spec.scale()));
    w.setAttribute(g, "seed", Long.toString(spec.seed()));
    w.setAttribute(g, "spec", spec.toString());
  }

  private static long[] toLongs(int[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  /** Draws tokens for one sample from the truth. */
  private static final class TokenSampler {
    private final DemoTruth truth;
    private final float[][] atoms;
    private final float[] offset;
    private final float[] activeRate;
    private final double baseRate;
    private final double logMiss;
    private final double noiseStd;
    private final double scale;
    private final int dim;
    private final int tokens;
    private final boolean[] on;
    private final int[] onAtoms;
    private final double[] x;

    TokenSampler(DemoTruth truth) {
      this.truth = truth;
      this.atoms = truth.atoms();
      this.offset = truth.offset();
      this.activeRate = truth.activeRate();
      this.baseRate = truth.baseRate()[0]; // shared by every atom
      this.logMiss = Math.log1p(-baseRate);
      this.noiseStd = truth.spec().noiseStd();
      this.scale = truth.spec().scale();
      this.dim = truth.spec().dim();
      this.tokens = truth.spec().tokensPerSample();
      this.on = new boolean[atoms.length];
      this.onAtoms = new int[atoms.length];
      this.x = new double[dim];
    }

    void sample(DemoRandom rng, int[] labels, float[] out) {
      int onCount = 0;
      for (int i = 0; i < atoms.length; i++) {
        on[i] = truth.conditionHolds(i, labels);
        if (on[i]) {
          onAtoms[onCount++] = i;
        }
      }
      for (int t = 0; t < tokens; t++) {
        for (int j = 0; j < dim; j++) {
          x[j] = offset[j];
        }
        for (int q = 0; q < onCount; q++) {
          int i = onAtoms[q];
          if (rng.nextDouble() < activeRate[i]) {
            add(i, rng);
          }
        }
        // Atoms whose condition does not hold all fire at the base rate: visit only the ones
        // that fire, by geometric gaps between successes (exact for independent Bernoulli draws).
        for (int i = nextFiring(-1, rng); i < atoms.length; i = nextFiring(i, rng)) {
          if (!on[i]) {
            add(i, rng);
          }
        }
        for (int j = 0; j < dim; j++) {
          out[t * dim + j] = (float) (scale * (x[j] + noiseStd * rng.nextGaussian()));
        }
      }
    }

    private int nextFiring(int previous, DemoRandom rng) {
      double gap = Math.floor(Math.log(rng.nextOpenDouble()) / logMiss);
      return gap >= atoms.length ? atoms.length : (int) Math.min(atoms.length, previous + 1 + gap);
    }

    private void add(int i, DemoRandom rng) {
      double c = 0.5 + 0.5 * rng.nextExponential();
      float[] atom = atoms[i];
      for (int j = 0; j < dim; j++) {
        x[j] += c * atom[j];
      }
    }
  }
}
