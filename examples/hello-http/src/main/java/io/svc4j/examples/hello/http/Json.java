package io.svc4j.examples.hello.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** JSON bodies for responses, with one shared, thread-safe mapper. */
public final class Json {

  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private Json() {}

  /** Writes {@code body} as the complete JSON response and completes the callback. */
  public static void send(Response response, Callback callback, int status, Object body) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (Exception e) {
      callback.failed(e);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** Writes {@code {"error": message, "request_id": ...}} with the given status. */
  public static void sendError(
      Request request, Response response, Callback callback, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    Object ctx = request.getAttribute(RequestContext.ATTRIBUTE);
    if (ctx instanceof RequestContext rc) {
      body.put("request_id", rc.requestId());
    }
    send(response, callback, status, body);
  }
}
