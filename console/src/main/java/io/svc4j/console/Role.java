package io.svc4j.console;

/** What a console user may do: see everything, or also act. */
public enum Role {
  /** Sees services and logs; every action is refused. */
  VIEWER,
  /** Also starts, stops and restarts services. */
  OPERATOR;

  public boolean mayAct() {
    return this == OPERATOR;
  }
}
