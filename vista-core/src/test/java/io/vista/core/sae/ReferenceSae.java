package io.vista.core.sae;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An independent plain-Java (float64) implementation of the four SAE variants' forward pass,
 * losses and analytic gradients, written from the Python model and the papers' formulas (not
 * from the graph code), for tests.
 */
final class ReferenceSae {
  final SaeSpec spec;
  final int d;
  final int m;
  final double[][] wEnc; // [d][m]
  final double[] bEnc;
  final double[][] wDec; // [m][d]
  final double[] bDec;
  final double[] logThreshold; // jumprelu
  final double[] counter;

  ReferenceSae(SaeSpec spec, Map<String, float[]> state) {
    this.spec = spec;
    d = spec.dIn();
    m = spec.dSae();
    wEnc = matrix(state.get("W_enc"), d, m);
    bEnc = vector(state.get("b_enc"));
    wDec = matrix(state.get("W_dec"), m, d);
    bDec = vector(state.get("b_dec"));
    logThreshold = state.containsKey("log_threshold") ? vector(state.get("log_threshold")) : null;
    counter = vector(state.get("num_batches_not_active"));
  }

  /** Everything one forward/backward computes. Gradients are flat, row-major as the state. */
  record Output(
      double loss,
      double l2,
      double sparsity,
      double aux,
      double l0,
      int numDead,
      double[] newCounter,
      boolean[] dead,
      double[][] pre,
      double[][] acts,
      double[][] recon,
      Map<String, double[]> grads) {}

  Output run(double[][] x, boolean train) {
    int rows = x.length;
    double n = (double) rows * d;
    // Encoder.
    double[][] xc = new double[rows][d];
    double[][] z = new double[rows][m];
    double[][] pre = new double[rows][m];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        xc[i][j] = x[i][j] - bDec[j];
      }
      for (int f = 0; f < m; f++) {
        double s = bEnc[f];
        for (int j = 0; j < d; j++) {
          s += xc[i][j] * wEnc[j][f];
        }
        z[i][f] = s;
        pre[i][f] = Math.max(s, 0);
      }
    }
    // Activation: acts = pre * gate, d acts/d pre = gate.
    double[][] gate = new double[rows][m];
    double[] theta = null;
    switch (spec.variant().configName()) {
      case "vanilla" -> fill(gate, 1);
      case "topk" -> {
        for (int i = 0; i < rows; i++) {
          double[] sorted = pre[i].clone();
          Arrays.sort(sorted);
          double kth = sorted[m - spec.topK()];
          for (int f = 0; f < m; f++) {
            gate[i][f] = pre[i][f] >= kth ? 1 : 0;
          }
        }
      }
      case "batchtopk" -> {
        double t = batchKth(pre, spec.topK());
        for (int i = 0; i < rows; i++) {
          for (int f = 0; f < m; f++) {
            gate[i][f] = pre[i][f] >= t ? 1 : 0;
          }
        }
      }
      case "jumprelu" -> {
        theta = new double[m];
        for (int f = 0; f < m; f++) {
          theta[f] = Math.exp(logThreshold[f]);
        }
        for (int i = 0; i < rows; i++) {
          for (int f = 0; f < m; f++) {
            gate[i][f] = pre[i][f] > theta[f] ? 1 : 0;
          }
        }
      }
      default -> throw new IllegalArgumentException(spec.variant().configName());
    }
    double[][] acts = new double[rows][m];
    for (int i = 0; i < rows; i++) {
      for (int f = 0; f < m; f++) {
        acts[i][f] = pre[i][f] * gate[i][f];
      }
    }
    // Decoder and L2.
    double[][] recon = new double[rows][d];
    double l2 = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        double s = bDec[j];
        for (int f = 0; f < m; f++) {
          s += acts[i][f] * wDec[f][j];
        }
        recon[i][j] = s;
        l2 += (s - x[i][j]) * (s - x[i][j]);
      }
    }
    l2 /= n;
    // L0 and the dead tracker.
    double l0 = 0;
    double[] newCounter = counter.clone();
    boolean[] dead = new boolean[m];
    int numDead = 0;
    for (int f = 0; f < m; f++) {
      double colSum = 0;
      for (int i = 0; i < rows; i++) {
        colSum += acts[i][f];
        l0 += acts[i][f] > 0 ? 1 : 0;
      }
      if (train) {
        newCounter[f] = colSum > 0 ? 0 : counter[f] + 1;
      }
      dead[f] = newCounter[f] >= spec.nBatchesToDead();
      numDead += dead[f] ? 1 : 0;
    }
    l0 /= rows;

    // Backward: reconstruction.
    double[][] dRecon = new double[rows][d];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        dRecon[i][j] = 2 * (recon[i][j] - x[i][j]) / n;
      }
    }
    double[][] gWDec = new double[m][d];
    double[][] dPre = new double[rows][m]; // extra gradient into pre (AuxK)
    double aux = 0;
    if (spec.hasTopK() && numDead > 0) {
      int kAux = Math.min(spec.topKAux(), numDead);
      double[][] e = new double[rows][d];
      boolean[][] sel = new boolean[rows][m];
      for (int i = 0; i < rows; i++) {
        double[] deadVals = new double[numDead];
        int c = 0;
        for (int f = 0; f < m; f++) {
          if (dead[f]) {
            deadVals[c++] = pre[i][f];
          }
        }
        Arrays.sort(deadVals);
        double kth = deadVals[numDead - kAux];
        double[] auxRecon = new double[d];
        for (int f = 0; f < m; f++) {
          if (dead[f] && pre[i][f] >= kth) {
            sel[i][f] = true;
            for (int j = 0; j < d; j++) {
              auxRecon[j] += pre[i][f] * wDec[f][j];
            }
          }
        }
        for (int j = 0; j < d; j++) {
          e[i][j] = auxRecon[j] - (x[i][j] - recon[i][j]);
          aux += e[i][j] * e[i][j];
        }
      }
      aux = spec.auxPenalty() * aux / n;
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < d; j++) {
          double de = 2 * spec.auxPenalty() * e[i][j] / n;
          dRecon[i][j] += de; // the residual is not detached
          for (int f = 0; f < m; f++) {
            if (sel[i][f]) {
              gWDec[f][j] += pre[i][f] * de;
              dPre[i][f] += de * wDec[f][j];
            }
          }
        }
      }
    }
    double[] gBDec = new double[d];
    double[][] dActs = new double[rows][m];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        gBDec[j] += dRecon[i][j];
        for (int f = 0; f < m; f++) {
          gWDec[f][j] += acts[i][f] * dRecon[i][j];
          dActs[i][f] += dRecon[i][j] * wDec[f][j];
        }
      }
    }
    // Variant's sparsity and activation backward.
    double sparsity = 0;
    double[] gLogThreshold = null;
    switch (spec.variant().configName()) {
      case "vanilla" -> {
        for (int i = 0; i < rows; i++) {
          for (int f = 0; f < m; f++) {
            sparsity += Math.abs(acts[i][f]);
            dPre[i][f] += dActs[i][f] + spec.l1Coeff() * Math.signum(acts[i][f]) / rows;
          }
        }
        sparsity = spec.l1Coeff() * sparsity / rows;
      }
      case "topk", "batchtopk" -> {
        for (int i = 0; i < rows; i++) {
          for (int f = 0; f < m; f++) {
            dPre[i][f] += dActs[i][f] * gate[i][f];
          }
        }
      }
      case "jumprelu" -> {
        double bw = spec.bandwidth();
        double[] gTheta = new double[m];
        for (int i = 0; i < rows; i++) {
          for (int f = 0; f < m; f++) {
            sparsity += gate[i][f];
            dPre[i][f] += dActs[i][f] * gate[i][f];
            double u = (pre[i][f] - theta[f]) / bw;
            double k = (u > -0.5 && u < 0.5) ? 1 : 0;
            gTheta[f] += dActs[i][f] * (-(theta[f] / bw) * k);
            gTheta[f] += spec.l0Coeff() * (-(1 / bw) * k) / rows;
          }
        }
        sparsity = spec.l0Coeff() * sparsity / rows;
        gLogThreshold = new double[m];
        for (int f = 0; f < m; f++) {
          gLogThreshold[f] = gTheta[f] * theta[f]; // chain rule through theta = exp(log_threshold)
        }
      }
      default -> throw new IllegalArgumentException(spec.variant().configName());
    }
    // ReLU and the encoder.
    double[][] gWEnc = new double[d][m];
    double[] gBEnc = new double[m];
    for (int i = 0; i < rows; i++) {
      for (int f = 0; f < m; f++) {
        double dz = z[i][f] > 0 ? dPre[i][f] : 0;
        gBEnc[f] += dz;
        for (int j = 0; j < d; j++) {
          gWEnc[j][f] += xc[i][j] * dz;
          gBDec[j] -= dz * wEnc[j][f];
        }
      }
    }
    Map<String, double[]> grads = new LinkedHashMap<>();
    grads.put("W_enc", flat(gWEnc));
    grads.put("b_enc", gBEnc);
    grads.put("W_dec", flat(gWDec));
    grads.put("b_dec", gBDec);
    if (gLogThreshold != null) {
      grads.put("log_threshold", gLogThreshold);
    }
    double loss = l2 + sparsity + aux;
    return new Output(
        loss, l2, sparsity, aux, l0, numDead, newCounter, dead, pre, acts, recon, grads);
  }

  /** The (k·rows)-th largest entry of {@code pre} (capped at all entries), by a full sort. */
  static double batchKth(double[][] pre, int k) {
    int rows = pre.length;
    int m = pre[0].length;
    double[] all = new double[rows * m];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(pre[i], 0, all, i * m, m);
    }
    Arrays.sort(all);
    int kb = Math.min(k * rows, all.length);
    return all[all.length - kb];
  }

  static double[][] matrix(float[] flat, int r, int c) {
    double[][] out = new double[r][c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        out[i][j] = flat[i * c + j];
      }
    }
    return out;
  }

  static double[] vector(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  static double[] flat(double[][] a) {
    int c = a[0].length;
    double[] out = new double[a.length * c];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, out, i * c, c);
    }
    return out;
  }

  private static void fill(double[][] a, double v) {
    for (double[] row : a) {
      Arrays.fill(row, v);
    }
  }
}
