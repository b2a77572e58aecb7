package io.svc4j.examples.hello.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void parsesTheW3cExample() {
    var ctx = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01").orElseThrow();
    assertThat(ctx.traceId()).isEqualTo(TRACE);
    assertThat(ctx.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(ctx.flags()).isEqualTo("01");
    assertThat(ctx.child().traceId()).isEqualTo(TRACE);
    assertThat(ctx.child().spanId()).isNotEqualTo(ctx.spanId()).hasSize(16);
  }

  @Test
  void rejectsMalformedHeaders() {
    for (String bad :
        new String[] {
          null,
          "",
          "garbage",
          "00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01",
          "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
          "00-" + TRACE + "-0000000000000000-01",
          "ff-" + TRACE + "-00f067aa0ba902b7-01",
          "00-" + TRACE + "-00f067aa0ba902b7-01-extra",
          "00-" + TRACE + "-00f067aa0ba902b-01",
        }) {
      assertThat(TraceContext.parse(bad)).as(String.valueOf(bad)).isEmpty();
    }
  }

  @Test
  void acceptsFutureVersionsWithMoreFields() {
    assertThat(TraceContext.parse("01-" + TRACE + "-00f067aa0ba902b7-00-whatever")).isPresent();
  }

  @Test
  void newRootsAreValidAndDistinct() {
    var a = TraceContext.newRoot();
    var b = TraceContext.newRoot();
    assertThat(TraceContext.parse(a.header())).hasValue(a);
    assertThat(a.traceId()).isNotEqualTo(b.traceId());
  }

  @Test
  void aChildKeepsTheTraceAndFlagsWithANewSpan() {
    var parent = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-00").orElseThrow();
    var child = parent.child();
    assertThat(child.traceId()).isEqualTo(TRACE);
    assertThat(child.flags()).isEqualTo("00");
    assertThat(child.spanId()).matches("[0-9a-f]{16}").isNotEqualTo(parent.spanId());
    assertThat(child.header()).isEqualTo("00-" + TRACE + "-" + child.spanId() + "-00");
    assertThat(TraceContext.parse(child.header())).hasValue(child);
    assertThat(child)
        .isEqualTo(new TraceContext(TRACE, child.spanId(), "00"))
        .hasSameHashCodeAs(new TraceContext(TRACE, child.spanId(), "00"));
  }

  @Test
  void newRootsRenderTheirHeaderFromTheirParts() {
    for (int i = 0; i < 1000; i++) {
      var root = TraceContext.newRoot();
      assertThat(root.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(root.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
      assertThat(root.flags()).isEqualTo("01");
      assertThat(root.header())
          .isEqualTo("00-" + root.traceId() + "-" + root.spanId() + "-01")
          .isEqualTo(new TraceContext(root.traceId(), root.spanId(), "01").header());
    }
  }
}
