package io.svc4j.examples.hello.http;

/** Answers one route. Throw {@link HttpError} for an error response; anything else is a 500. */
@FunctionalInterface
public interface RouteHandler {
  void handle(Exchange exchange) throws Exception;
}
