package io.vista.core.sae;

import io.vista.core.VistaException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The parameters of one SAE as named float32 arrays (row-major) with SAELens names: {@code W_enc}
 * [d, m], {@code b_enc} [m], {@code W_dec} [m, d], {@code b_dec} [d]; jumprelu adds {@code
 * log_threshold} [m] and its export {@code threshold = exp(log_threshold)} [m]; batchtopk adds its
 * running {@code threshold} [m] (every entry the same scalar estimate; negative while no training
 * batch has set it). Immutable: accessors return copies.
 */
public final class SaeWeights {
  /** Encoder weight name. */
  public static final String W_ENC = "W_enc";
  /** Encoder bias name. */
  public static final String B_ENC = "b_enc";
  /** Decoder weight name. */
  public static final String W_DEC = "W_dec";
  /** Decoder bias name. */
  public static final String B_DEC = "b_dec";
  /** JumpReLU's learnable log threshold. */
  public static final String LOG_THRESHOLD = "log_threshold";
  /** The inference threshold (batchtopk's running estimate; jumprelu's exp(log_threshold)). */
  public static final String THRESHOLD = "threshold";
  /** batchtopk's threshold before any training batch has set it. */
  public static final float UNSET_THRESHOLD = -1f;

  private final Map<String, float[]> arrays;
  private final Map<String, long[]> shapes;

  private SaeWeights(Map<String, float[]> arrays, Map<String, long[]> shapes) {
    this.arrays = arrays;
    this.shapes = shapes;
  }

  /**
   * The Python initialisation, computed in plain Java from {@code seed}: {@code W_enc} uniform in
   * {@code +-sqrt(6 / m)} (torch's {@code kaiming_uniform_} on a (d, m) tensor takes fan_in = m),
   * {@code W_dec} = {@code W_enc}^T with unit-norm rows, zero biases, {@code log_threshold} 0.
   */
  public static SaeWeights initialize(SaeSpec spec, long seed) {
    int d = spec.dIn();
    int m = spec.dSae();
    float[] wEnc = new float[Math.multiplyExact(d, m)];
    double bound = Math.sqrt(6.0 / m);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < wEnc.length; i++) {
      wEnc[i] = (float) rng.nextDouble(-bound, bound);
    }
    float[] wDec = new float[wEnc.length];
    for (int j = 0; j < m; j++) {
      double sq = 0;
      for (int i = 0; i < d; i++) {
        double w = wEnc[i * m + j];
        sq += w * w;
      }
      double scale = 1.0 / Math.max(Math.sqrt(sq), 1e-12);
      for (int i = 0; i < d; i++) {
        wDec[j * d + i] = (float) (wEnc[i * m + j] * scale);
      }
    }
    Map<String, float[]> a = new LinkedHashMap<>();
    a.put(W_ENC, wEnc);
    a.put(B_ENC, new float[m]);
    a.put(W_DEC, wDec);
    a.put(B_DEC, new float[d]);
    if (spec.variant() == SaeVariant.JUMPRELU) {
      a.put(LOG_THRESHOLD, new float[m]);
    } else if (spec.variant() == SaeVariant.BATCHTOPK) {
      float[] t = new float[m];
      Arrays.fill(t, UNSET_THRESHOLD);
      a.put(THRESHOLD, t);
    }
    return of(spec, a);
  }

  /**
   * Weights for {@code spec} from named arrays. Requires {@code W_enc}, {@code b_enc}, {@code
   * W_dec}, {@code b_dec}, and {@code log_threshold} for jumprelu; batchtopk's {@code threshold}
   * defaults to unset; jumprelu's {@code threshold} is always recomputed from {@code
   * log_threshold}. Arrays are copied.
   */
  public static SaeWeights of(SaeSpec spec, Map<String, float[]> named) {
    Map<String, long[]> expected = expectedShapes(spec);
    Map<String, float[]> a = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      String name = e.getKey();
      boolean jumpRelu = spec.variant() == SaeVariant.JUMPRELU;
      float[] v;
      if (name.equals(THRESHOLD) && jumpRelu) {
        v = exp(require(named, LOG_THRESHOLD)); // always derived, never trusted from the map
      } else if (name.equals(THRESHOLD) && !named.containsKey(THRESHOLD)) {
        v = new float[spec.dSae()];
        Arrays.fill(v, UNSET_THRESHOLD);
      } else {
        v = named.get(name);
      }
      if (v == null) {
        throw new VistaException(
            "weights for " + spec.variant() + " need '" + name + "'; got " + named.keySet());
      }
      long n = 1;
      for (long dim : e.getValue()) {
        n *= dim;
      }
      if (v.length != n) {
        throw new VistaException(
            "weight '" + name + "' has " + v.length + " values, shape "
                + Arrays.toString(e.getValue()) + " needs " + n);
      }
      a.put(name, v.clone());
    }
    for (String name : named.keySet()) {
      if (!expected.containsKey(name)) {
        throw new VistaException(
            "weight '" + name + "' is not a parameter of a " + spec.variant() + " SAE; expected "
                + expected.keySet());
      }
    }
    return new SaeWeights(Collections.unmodifiableMap(a), expected);
  }

  /** The names and shapes of a spec's weights, in export order. */
  public static Map<String, long[]> expectedShapes(SaeSpec spec) {
    long d = spec.dIn();
    long m = spec.dSae();
    Map<String, long[]> s = new LinkedHashMap<>();
    for (String name : spec.variant().weightNames()) {
      s.put(name, switch (name) {
        case W_ENC -> new long[] {d, m};
        case W_DEC -> new long[] {m, d};
        case B_DEC -> new long[] {d};
        default -> new long[] {m};
      });
    }
    return Collections.unmodifiableMap(s);
  }

  /** A copy of the named array. */
  public float[] get(String name) {
    float[] v = arrays.get(name);
    if (v == null) {
      throw new VistaException("no weight named '" + name + "'; have " + arrays.keySet());
    }
    return v.clone();
  }

  /** Whether the weights hold that name. */
  public boolean has(String name) {
    return arrays.containsKey(name);
  }

  /** The shape of the named array (a copy). */
  public long[] shape(String name) {
    long[] s = shapes.get(name);
    if (s == null) {
      throw new VistaException("no weight named '" + name + "'; have " + shapes.keySet());
    }
    return s.clone();
  }

  /** The names, in export order. */
  public Set<String> names() {
    return arrays.keySet();
  }

  /** All arrays by name, in export order (copies). */
  public Map<String, float[]> asMap() {
    Map<String, float[]> out = new LinkedHashMap<>();
    arrays.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  private static float[] require(Map<String, float[]> named, String name) {
    float[] v = named.get(name);
    if (v == null) {
      throw new VistaException("weights need '" + name + "'; got " + named.keySet());
    }
    return v;
  }

  private static float[] exp(float[] logs) {
    float[] out = new float[logs.length];
    for (int i = 0; i < logs.length; i++) {
      out[i] = (float) Math.exp(logs[i]);
    }
    return out;
  }
}
