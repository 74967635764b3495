package io.vista.eval;

/** Entry point of {@code java -jar vista-eval.jar}. */
public final class EvalMain {
  private EvalMain() {}

  public static void main(String[] args) {
    System.err.println("vista-eval: not yet wired");
    System.exit(2);
  }
}
