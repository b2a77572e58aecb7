package io.svc4j.cli;

import java.time.Duration;
import java.util.List;

/**
 * Where the command line of an installed service comes from: the words after {@code --} for the
 * svc4j CLI, or the embedding application's own launch command for {@link EmbeddedService}.
 */
interface CommandSource {
  List<String> command(String serviceName, List<String> trailingArgs, Duration stopDeadline);
}
