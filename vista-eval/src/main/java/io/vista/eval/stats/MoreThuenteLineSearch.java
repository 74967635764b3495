package io.vista.eval.stats;

/**
 * The Moré-Thuente line search (J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient
 * decrease", ACM TOMS 20(3), 1994), in the reverse-communication form of MINPACK-2's {@code dcsrch}/{@code dcstep}
 * that L-BFGS-B 3.0 -- and therefore scipy's {@code minimize(method="L-BFGS-B")} -- uses. It looks for a step
 * satisfying the strong Wolfe conditions {@code f(stp) <= f(0) + ftol*stp*f'(0)} and
 * {@code |f'(stp)| <= gtol*|f'(0)|}.
 *
 * <p>Usage: {@link #start} with the function value and directional derivative at step 0 and a first trial
 * step, then evaluate at {@link #step()} and call {@link #iterate} until it returns something other than
 * {@link Task#EVALUATE}.
 */
final class MoreThuenteLineSearch {
  /** What the caller must do next. */
  enum Task {
    /** Evaluate f and f' at {@link #step()} and call {@link #iterate}. */
    EVALUATE,
    /** Both Wolfe conditions hold at {@link #step()}. */
    CONVERGED,
    /** The search cannot make progress (rounding, interval too small, or a step bound reached). */
    WARNING,
    /** The start arguments were inconsistent (e.g. not a descent direction). */
    ERROR
  }

  private static final double XTRAPL = 1.1;
  private static final double XTRAPU = 4.0;
  private static final double P5 = 0.5;
  private static final double P66 = 0.66;

  private final double ftol;
  private final double gtol;
  private final double xtol;
  private final double stpmin;
  private final double stpmax;

  private double stp;
  private boolean brackt;
  private int stage;
  private double finit;
  private double ginit;
  private double gtest;
  private double width;
  private double width1;
  private double stx;
  private double fx;
  private double gx;
  private double sty;
  private double fy;
  private double gy;
  private double stmin;
  private double stmax;
  private String message = "";

  /** The tolerances L-BFGS-B passes: ftol=1e-3, gtol=0.9, xtol=0.1, stpmin=0. */
  MoreThuenteLineSearch(double ftol, double gtol, double xtol, double stpmin, double stpmax) {
    this.ftol = ftol;
    this.gtol = gtol;
    this.xtol = xtol;
    this.stpmin = stpmin;
    this.stpmax = stpmax;
  }

  /** The current trial step. */
  double step() {
    return stp;
  }

  /** Why the last call ended in WARNING or ERROR (MINPACK-2's task text). */
  String message() {
    return message;
  }

  /**
   * Starts a search.
   *
   * @param f value at step 0
   * @param g directional derivative at step 0 (must be negative)
   * @param firstStep first trial step
   */
  Task start(double f, double g, double firstStep) {
    stp = firstStep;
    if (stp < stpmin) {
      return error("ERROR: STP .LT. STPMIN");
    }
    if (stp > stpmax) {
      return error("ERROR: STP .GT. STPMAX");
    }
    if (g >= 0) {
      return error("ERROR: INITIAL G .GE. ZERO");
    }
    if (ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin) {
      return error("ERROR: BAD TOLERANCES");
    }
    brackt = false;
    stage = 1;
    finit = f;
    ginit = g;
    gtest = ftol * ginit;
    width = stpmax - stpmin;
    width1 = width / P5;
    stx = 0;
    fx = finit;
    gx = ginit;
    sty = 0;
    fy = finit;
    gy = ginit;
    stmin = 0;
    stmax = stp + XTRAPU * stp;
    return Task.EVALUATE;
  }

  /**
   * Consumes the value and directional derivative at {@link #step()}.
   *
   * @return EVALUATE with a new {@link #step()}, or a final task
   */
  Task iterate(double f, double g) {
    double ftest = finit + stp * gtest;
    if (stage == 1 && f <= ftest && g >= 0) {
      stage = 2;
    }
    Task task = null;
    // Tests for warnings, then convergence (the later assignment wins, as in dcsrch).
    if (brackt && (stp <= stmin || stp >= stmax)) {
      task = warn("WARNING: ROUNDING ERRORS PREVENT PROGRESS");
    }
    if (brackt && stmax - stmin <= xtol * stmax) {
      task = warn("WARNING: XTOL TEST SATISFIED");
    }
    if (stp == stpmax && f <= ftest && g <= gtest) {
      task = warn("WARNING: STP = STPMAX");
    }
    if (stp == stpmin && (f > ftest || g >= gtest)) {
      task = warn("WARNING: STP = STPMIN");
    }
    if (f <= ftest && Math.abs(g) <= gtol * (-ginit)) {
      message = "CONVERGENCE";
      task = Task.CONVERGED;
    }
    if (task != null) {
      return task;
    }

    if (stage == 1 && f <= fx && f > ftest) {
      // A lower function value without sufficient decrease: work on the modified function
      // psi(stp) = f(stp) - f(0) - ftol*stp*f'(0), as Moré-Thuente section 3 prescribe.
      double fm = f - stp * gtest;
      double fxm = fx - stx * gtest;
      double fym = fy - sty * gtest;
      double gm = g - gtest;
      double gxm = gx - gtest;
      double gym = gy - gtest;
      double[] s = {stx, fxm, gxm, sty, fym, gym};
      step(s, fm, gm);
      stx = s[0];
      sty = s[3];
      fx = s[1] + stx * gtest;
      fy = s[4] + sty * gtest;
      gx = s[2] + gtest;
      gy = s[5] + gtest;
    } else {
      double[] s = {stx, fx, gx, sty, fy, gy};
      step(s, f, g);
      stx = s[0];
      fx = s[1];
      gx = s[2];
      sty = s[3];
      fy = s[4];
      gy = s[5];
    }

    // Force a sufficient decrease in the size of the interval of uncertainty.
    if (brackt) {
      if (Math.abs(sty - stx) >= P66 * width1) {
        stp = stx + P5 * (sty - stx);
      }
      width1 = width;
      width = Math.abs(sty - stx);
    }
    if (brackt) {
      stmin = Math.min(stx, sty);
      stmax = Math.max(stx, sty);
    } else {
      stmin = stp + XTRAPL * (stp - stx);
      stmax = stp + XTRAPU * (stp - stx);
    }
    stp = Math.max(stp, stpmin);
    stp = Math.min(stp, stpmax);
    // If further progress is not possible, let stp be the best point obtained during the search.
    if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= xtol * stmax)) {
      stp = stx;
    }
    return Task.EVALUATE;
  }

  /**
   * dcstep: a safeguarded step from the cubic and quadratic interpolants of the best step so far
   * ({@code stx}), the other end of the interval ({@code sty}) and the trial step; updates the interval.
   * {@code s} holds {stx, fx, dx, sty, fy, dy} in and out; {@link #stp} and {@link #brackt} are updated.
   */
  private void step(double[] s, double fp, double dp) {
    // These locals deliberately shadow the fields: dcstep works on either the true or the modified function's
    // interval values, which the caller passes in s and copies back.
    double stx = s[0];
    double fx = s[1];
    double dx = s[2];
    double sty = s[3];
    double fy = s[4];
    double dy = s[5];
    double lo = stmin;
    double hi = stmax;
    double sgnd = dp * (dx / Math.abs(dx));
    double stpf;
    if (fp > fx) {
      // Case 1: higher function value; the minimum is bracketed.
      double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
      double sc = max3(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      double gamma = sc * Math.sqrt((theta / sc) * (theta / sc) - (dx / sc) * (dp / sc));
      if (stp < stx) {
        gamma = -gamma;
      }
      double p = (gamma - dx) + theta;
      double q = ((gamma - dx) + gamma) + dp;
      double r = p / q;
      double stpc = stx + r * (stp - stx);
      double stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
      if (Math.abs(stpc - stx) < Math.abs(stpq - stx)) {
        stpf = stpc;
      } else {
        stpf = stpc + (stpq - stpc) / 2;
      }
      brackt = true;
    } else if (sgnd < 0) {
      // Case 2: lower value and derivatives of opposite sign; bracketed.
      double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
      double sc = max3(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      double gamma = sc * Math.sqrt((theta / sc) * (theta / sc) - (dx / sc) * (dp / sc));
      if (stp > stx) {
        gamma = -gamma;
      }
      double p = (gamma - dp) + theta;
      double q = ((gamma - dp) + gamma) + dx;
      double r = p / q;
      double stpc = stp + r * (stx - stp);
      double stpq = stp + (dp / (dp - dx)) * (stx - stp);
      if (Math.abs(stpc - stp) > Math.abs(stpq - stp)) {
        stpf = stpc;
      } else {
        stpf = stpq;
      }
      brackt = true;
    } else if (Math.abs(dp) < Math.abs(dx)) {
      // Case 3: lower value, same-sign derivative, decreasing in magnitude.
      double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
      double sc = max3(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      double gamma = sc * Math.sqrt(Math.max(0, (theta / sc) * (theta / sc) - (dx / sc) * (dp / sc)));
      if (stp > stx) {
        gamma = -gamma;
      }
      double p = (gamma - dp) + theta;
      double q = (gamma + (dx - dp)) + gamma;
      double r = p / q;
      double stpc;
      if (r < 0 && gamma != 0) {
        stpc = stp + r * (stx - stp);
      } else if (stp > stx) {
        stpc = hi;
      } else {
        stpc = lo;
      }
      double stpq = stp + (dp / (dp - dx)) * (stx - stp);
      if (brackt) {
        stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
        if (stp > stx) {
          stpf = Math.min(stp + P66 * (sty - stp), stpf);
        } else {
          stpf = Math.max(stp + P66 * (sty - stp), stpf);
        }
      } else {
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        stpf = Math.min(hi, stpf);
        stpf = Math.max(lo, stpf);
      }
    } else {
      // Case 4: lower value, same-sign derivative that does not decrease in magnitude.
      if (brackt) {
        double theta = 3 * (fp - fy) / (sty - stp) + dy + dp;
        double sc = max3(Math.abs(theta), Math.abs(dy), Math.abs(dp));
        double gamma = sc * Math.sqrt((theta / sc) * (theta / sc) - (dy / sc) * (dp / sc));
        if (stp > sty) {
          gamma = -gamma;
        }
        double p = (gamma - dp) + theta;
        double q = ((gamma - dp) + gamma) + dy;
        double r = p / q;
        stpf = stp + r * (sty - stp);
      } else if (stp > stx) {
        stpf = hi;
      } else {
        stpf = lo;
      }
    }
    // Update the interval which contains a minimizer.
    if (fp > fx) {
      sty = stp;
      fy = fp;
      dy = dp;
    } else {
      if (sgnd < 0) {
        sty = stx;
        fy = fx;
        dy = dx;
      }
      stx = stp;
      fx = fp;
      dx = dp;
    }
    stp = stpf;
    s[0] = stx;
    s[1] = fx;
    s[2] = dx;
    s[3] = sty;
    s[4] = fy;
    s[5] = dy;
  }

  private static double max3(double a, double b, double c) {
    return Math.max(a, Math.max(b, c));
  }

  private Task warn(String text) {
    message = text;
    return Task.WARNING;
  }

  private Task error(String text) {
    message = text;
    return Task.ERROR;
  }
}
