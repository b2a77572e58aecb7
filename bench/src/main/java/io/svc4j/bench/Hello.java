package io.svc4j.bench;

/** The baseline: the cheapest Java program there is, started by the same JVM and class path. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
