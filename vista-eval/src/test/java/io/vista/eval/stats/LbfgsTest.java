package io.vista.eval.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The optimiser retraces scipy 1.10's L-BFGS-B on the Rosenbrock function: same iterations, evaluations, stop
 * message and end point (a non-convex path exercises all four step cases of the line search).
 */
class LbfgsTest {
  private static final JsonObject FIX = StatsFixtures.load("lbfgs_rosenbrock.json");

  /** scipy.optimize.rosen and rosen_der. */
  static double rosenbrock(double[] x, double[] g) {
    int n = x.length;
    double f = 0;
    java.util.Arrays.fill(g, 0);
    for (int i = 0; i < n - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      f += 100 * a * a + b * b;
      g[i] += -400 * x[i] * a - 2 * b;
      g[i + 1] += 200 * a;
    }
    return f;
  }

  @Test
  void retracesScipyOnRosenbrock() {
    for (JsonElement e : FIX.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      JsonObject o = c.getAsJsonObject("options");
      Lbfgs.Options opts = new Lbfgs.Options(o.get("maxcor").getAsInt(), o.get("maxiter").getAsInt(),
          o.get("maxfun").getAsInt(), o.get("gtol").getAsDouble(), o.get("ftol").getAsDouble(),
          o.get("maxls").getAsInt());
      String name = c.get("name").getAsString();
      Lbfgs.Result r = Lbfgs.minimize(LbfgsTest::rosenbrock, StatsFixtures.doubles(c.get("x0")), opts);
      assertEquals(c.get("message").getAsString(), r.stopReason().scipyMessage(), name);
      assertEquals(c.get("nit").getAsInt(), r.iterations(), name + " iterations");
      assertEquals(c.get("nfev").getAsInt(), r.evaluations(), name + " evaluations");
      // Rounding differs (two-loop recursion vs L-BFGS-B's compact matrices); near a flat minimum that moves x
      // by a few 1e-9 after ~100 iterations, while the path (iterations, evaluations, message) is identical.
      assertArrayEquals(StatsFixtures.doubles(c.get("x")), r.x(), 1e-7, name + " x");
      assertEquals(c.get("fun").getAsDouble(), r.value(), 1e-10 + 1e-9 * Math.abs(r.value()), name + " f");
    }
  }

  @Test
  void convexQuadraticIsSolved() {
    // f = sum_i (i+1)/2 (x_i - i)^2: minimum at x_i = i.
    DifferentiableFunction f = (x, g) -> {
      double v = 0;
      for (int i = 0; i < x.length; i++) {
        double t = x[i] - i;
        v += 0.5 * (i + 1) * t * t;
        g[i] = (i + 1) * t;
      }
      return v;
    };
    Lbfgs.Result r = Lbfgs.minimize(f, new double[6], new Lbfgs.Options(10, 200, 1000, 1e-10, 0, 20));
    assertTrue(r.stopReason().converged(), r.stopReason().toString());
    for (int i = 0; i < 6; i++) {
      assertEquals(i, r.x()[i], 1e-9);
    }
  }

  @Test
  void startingAtTheMinimumStopsWithoutIterating() {
    Lbfgs.Result r = Lbfgs.minimize(LbfgsTest::rosenbrock, new double[] {1, 1, 1}, Lbfgs.Options.scipy(100, 1e-5));
    assertEquals(0, r.iterations());
    assertEquals(1, r.evaluations());
    assertEquals(Lbfgs.StopReason.GRADIENT_TOLERANCE, r.stopReason());
  }
}
