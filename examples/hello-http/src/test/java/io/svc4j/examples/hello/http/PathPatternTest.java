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
