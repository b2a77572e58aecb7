package io.svc4j.examples.hello.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {

  @Test
  void capturesParametersAndMatchesLiteralsExactly() {
    var p = PathPattern.compile("/api/items/{id}/tags/{tag}");
    assertThat(p.match("/api/items/7/tags/red")).hasValue(Map.of("id", "7", "tag", "red"));
    assertThat(p.match("/api/items/7/tags")).isEmpty();
    assertThat(p.match("/api/items/7/tags/red/extra")).isEmpty();
    assertThat(p.match("/api/things/7/tags/red")).isEmpty();
    assertThat(p.match("/api/items//tags/red")).isEmpty();
  }

  @Test
  void countsSegmentsExactlyWithoutSplittingThePath() {
    var hello = PathPattern.compile("/api/hello");
    assertThat(hello.match("/api/hello")).hasValue(Map.of());
    assertThat(hello.match("/api/hello/")).isEmpty();
    assertThat(hello.match("/api/hello/x")).isEmpty();
    assertThat(hello.match("/api/hell")).isEmpty();
    assertThat(hello.match("/api/helloo")).isEmpty();
    assertThat(hello.match("/api")).isEmpty();
    assertThat(hello.match("/")).isEmpty();
    assertThat(hello.match("//api/hello")).isEmpty();
    var name = PathPattern.compile("/api/hello/{name}");
    assertThat(name.match("/api/hello/you")).hasValue(Map.of("name", "you"));
    assertThat(name.match("/api/hello/")).isEmpty();
    assertThat(name.match("/api/hello")).isEmpty();
    assertThat(name.match("/api/hello/you/")).isEmpty();
    assertThat(PathPattern.compile("/{a}").match("/x")).hasValue(Map.of("a", "x"));
    assertThat(PathPattern.compile("/{a}").match("/")).isEmpty();
    assertThat(PathPattern.compile("/").match("/x")).isEmpty();
  }

  @Test
  void rootAndTrailingSlashesAreDistinct() {
    assertThat(PathPattern.compile("/").match("/")).hasValue(Map.of());
    assertThat(PathPattern.compile("/healthz").match("/healthz/")).isEmpty();
  }

  @Test
  void rejectsMalformedPatterns() {
    assertThatThrownBy(() -> PathPattern.compile("api")).hasMessageContaining("start with '/'");
    assertThatThrownBy(() -> PathPattern.compile("/a/{id")).hasMessageContaining("{name}");
    assertThatThrownBy(() -> PathPattern.compile("/a/{}")).hasMessageContaining("{name}");
  }
}
