package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The typed refusal a call throws (the CLI words it; these tests check what the platform says). */
final class Refusals {

  private Refusals() {}

  static Refusal of(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ManagerException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n").doesNotContain("--");
    return ((ManagerException) thrown)
        .refusal()
        .orElseThrow(() -> new AssertionError("no typed refusal: " + thrown));
  }
}
