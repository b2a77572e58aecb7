package io.svc4j.examples.hello.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Response bodies go through a generator kept per thread: each body is exactly what the mapper
 * writes on its own, whatever the thread wrote before (a body that failed half-way included).
 */
class JsonTest {

  public record Item(String name, int count) {}

  public static final class Failing {
    public String getFirst() {
      return "written";
    }

    public String getSecond() {
      throw new IllegalStateException("getter failed");
    }
  }

  @Test
  void eachBodyIsWhatTheMapperWritesAlone() throws Exception {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", "bad \"input\"\n");
    error.put("request_id", "r-1");
    List<Object> bodies =
        List.of(
            Map.of("message", "hello, world"),
            error,
            new Item("ünïcode ✓", 3),
            List.of(1, 2, 3),
            "just a string",
            Map.of("big", "x".repeat(100_000)),
            Map.of("message", "small again"));
    for (int round = 0; round < 2; round++) {
      for (Object body : bodies) {
        assertThat(Json.toBytes(body)).isEqualTo(Json.MAPPER.writeValueAsBytes(body));
      }
    }
  }

  @Test
  void aBodyThatFailsHalfWayLeavesNothingForTheNext() throws Exception {
    assertThat(Json.toBytes(Map.of("a", 1)))
        .isEqualTo(Json.MAPPER.writeValueAsBytes(Map.of("a", 1)));
    assertThatThrownBy(() -> Json.toBytes(new Failing())).hasMessageContaining("getter failed");
    Object next = Map.of("message", "after");
    assertThat(new String(Json.toBytes(next), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"message\":\"after\"}");
  }
}
