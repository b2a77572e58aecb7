package io.svc4j.systemd.manager;

import io.svc4j.manager.ManagerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes, reading their output as UTF-8. */
public final class ProcessCommandRunner implements CommandRunner {

  @Override
  public Result run(List<String> command, Duration timeout) {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    // English messages and UTF-8 output, whatever the caller's locale; no pager, no colours.
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().put("SYSTEMD_PAGER", "");
    builder.environment().put("SYSTEMD_COLORS", "0");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ManagerException(
          "cannot run '" + command.get(0) + "': " + e.getMessage() + ": is systemd installed?", e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, "", "", true);
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get(), false);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ManagerException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException | IOException e) {
      throw new ManagerException("cannot read the output of " + command.get(0), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        Thread::startVirtualThread);
  }
}
