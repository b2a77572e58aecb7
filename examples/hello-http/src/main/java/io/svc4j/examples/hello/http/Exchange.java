package io.svc4j.examples.hello.http;

import com.fasterxml.jackson.core.JacksonException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One routed request: Jetty's request, response and callback plus the path parameters. A route must
 * complete the exchange exactly once (any {@code send} method), now or later from another thread.
 */
public final class Exchange {

  /** Request bodies above this size are refused: the API only takes small JSON documents. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Map<String, String> pathParams;

  Exchange(Request request, Response response, Callback callback, Map<String, String> pathParams) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.pathParams = pathParams;
  }

  public Request request() {
    return request;
  }

  public Response response() {
    return response;
  }

  public Callback callback() {
    return callback;
  }

  public RequestContext context() {
    return RequestContext.of(request);
  }

  /** A parameter captured by the route pattern. */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no parameter {" + name + "}");
    }
    return value;
  }

  public Optional<String> queryParam(String name) {
    return Optional.ofNullable(Request.extractQueryParameters(request).getValue(name));
  }

  /** Reads the body as JSON into {@code type}; 413 when too large, 400 when not valid. */
  public <T> T readJson(Class<T> type) {
    if (request.getLength() > MAX_BODY_BYTES) {
      throw new HttpError(413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    byte[] body;
    try (var in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (java.io.IOException e) {
      throw new HttpError(400, "request body cannot be read: " + e.getMessage());
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new HttpError(413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw new HttpError(400, "request body is empty: send a JSON object");
    }
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (JacksonException e) {
      throw new HttpError(400, "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new HttpError(400, "request body cannot be read: " + e.getMessage());
    }
  }

  public void sendJson(int status, Object body) {
    Json.send(response, callback, status, body);
  }

  public void sendError(int status, String message) {
    Json.sendError(request, response, callback, status, message);
  }

  /** Completes with a status and no body. */
  public void sendEmpty(int status) {
    response.setStatus(status);
    response.write(true, null, callback);
  }
}
