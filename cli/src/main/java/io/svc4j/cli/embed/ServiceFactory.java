package io.svc4j.cli.embed;

import io.svc4j.service.Service;
import java.util.List;

/**
 * Builds an embedded application's service from its own arguments (those that are not svc4j's).
 * Throw {@link IllegalArgumentException} (or picocli's ParameterException) for bad arguments: the
 * message is printed as one line and the process exits with code 2.
 */
@FunctionalInterface
public interface ServiceFactory {
  Service create(List<String> applicationArgs) throws Exception;
}
