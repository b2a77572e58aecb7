package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.service.ServiceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {

  @TempDir Path dir;

  @Test
  void apiNeedsTheBearerTokenFromTheFileAndProbesDoNot() throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "s3cret-token\n");
    try (RunningService app = RunningService.start("--auth-token-file", tokenFile.toString())) {
      var none = app.get("/api/items");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
      assertThat(app.get("/api/items", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);
      assertThat(app.get("/api/items", "Authorization", "Basic czNjcmV0LXRva2Vu").statusCode())
          .isEqualTo(401);
      assertThat(app.get("/api/items", "Authorization", "Bearer s3cret-token").statusCode())
          .isEqualTo(200);
      assertThat(app.get("/api/items", "Authorization", "bearer s3cret-token").statusCode())
          .isEqualTo(200);
      assertThat(app.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
      // An unknown /api path still needs the token: no probing the API without it.
      assertThat(app.get("/api/nothing-here").statusCode()).isEqualTo(401);

      // Reload picks up a rotated token; the old one stops working.
      Files.writeString(tokenFile, "rotated-token");
      assertThat(app.controller.requestReload()).isTrue();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> app.controller.state() == ServiceState.RUNNING);
      assertThat(app.get("/api/items", "Authorization", "Bearer rotated-token").statusCode())
          .isEqualTo(200);
      assertThat(app.get("/api/items", "Authorization", "Bearer s3cret-token").statusCode())
          .isEqualTo(401);

      // A broken file on reload keeps the token that works.
      Files.writeString(tokenFile, "   ");
      assertThat(app.controller.requestReload()).isTrue();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> app.controller.state() == ServiceState.RUNNING);
      assertThat(app.get("/api/items", "Authorization", "Bearer rotated-token").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void withoutATokenFileTheApiIsOpen() throws Exception {
    try (RunningService app = RunningService.start()) {
      assertThat(app.get("/api/items").statusCode()).isEqualTo(200);
    }
  }
}
