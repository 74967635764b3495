package io.vista.train;

/** Entry point of {@code java -jar vista-train.jar}. */
public final class TrainMain {
  private TrainMain() {}

  public static void main(String[] args) {
    System.err.println("vista-train: not yet wired");
    System.exit(2);
  }
}
