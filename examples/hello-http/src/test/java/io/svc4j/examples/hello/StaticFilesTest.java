package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {

  @TempDir Path www;

  @Test
  void servesFilesWithValidatorsAndAnswers304ToConditionalRequests() throws Exception {
    Files.writeString(www.resolve("index.html"), "<h1>hello</h1>");
    Files.writeString(www.resolve("app.css"), "body{}");
    try (RunningService app = RunningService.start("--static-dir", www.toString())) {
      var first = app.get("/app.css");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("body{}");
      assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
      assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
      String etag = first.headers().firstValue("ETag").orElseThrow();
      String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

      var byEtag = app.get("/app.css", "If-None-Match", etag);
      assertThat(byEtag.statusCode()).isEqualTo(304);
      assertThat(byEtag.body()).isEmpty();
      assertThat(byEtag.headers().firstValue("ETag")).hasValue(etag);

      var byDate = app.get("/app.css", "If-Modified-Since", lastModified);
      assertThat(byDate.statusCode()).isEqualTo(304);

      var staleEtag = app.get("/app.css", "If-None-Match", "\"not-the-etag\"");
      assertThat(staleEtag.statusCode()).isEqualTo(200);
      var staleDate = app.get("/app.css", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT");
      assertThat(staleDate.statusCode()).isEqualTo(200);

      var index = app.get("/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).isEqualTo("<h1>hello</h1>");

      // Routes win over files; a missing file is the JSON 404.
      assertThat(app.get("/healthz").statusCode()).isEqualTo(200);
      var missing = app.get("/missing.txt");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(app.get("/../etc/passwd").statusCode()).isIn(400, 404);
    }
  }
}
