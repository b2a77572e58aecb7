package io.svc4j.supervisor.config;

/** The Linux numbers of the signals a user may name in the configuration. */
public final class Signals {
  public static final int HUP = 1;
  public static final int INT = 2;
  public static final int QUIT = 3;
  public static final int KILL = 9;
  public static final int USR1 = 10;
  public static final int USR2 = 12;
  public static final int TERM = 15;
  public static final int CONT = 18;
  public static final int STOP = 19;

  private Signals() {}

  /** The number of a graceful signal name (without SIG), or -1. KILL is not graceful. */
  public static int number(String name) {
    return switch (name) {
      case "HUP" -> HUP;
      case "INT" -> INT;
      case "QUIT" -> QUIT;
      case "USR1" -> USR1;
      case "USR2" -> USR2;
      case "TERM" -> TERM;
      default -> -1;
    };
  }
}
