package io.svc4j.examples.hello.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.examples.hello.json.ReusedJsonWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** JSON bodies for responses, with one shared, thread-safe mapper. */
public final class Json {

  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  // The same two headers on every answer: built and encoded once, not per response.
  private static final HttpField JSON_TYPE =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");

  private static final ReusedJsonWriter.PerThread BODIES =
      new ReusedJsonWriter.PerThread(
          MAPPER.getFactory(), MAPPER.getSerializationConfig()::initialize);

  private Json() {}

  /** Writes {@code body} as the complete JSON response and completes the callback. */
  public static void send(Response response, Callback callback, int status, Object body) {
    byte[] bytes;
    try {
      bytes = toBytes(body);
    } catch (Exception e) {
      callback.failed(e);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(JSON_TYPE);
    response.getHeaders().put(NO_STORE);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /**
   * {@code body} as JSON, byte for byte what {@code MAPPER.writeValueAsBytes} gives, through this
   * thread's kept generator and buffer ({@link ReusedJsonWriter}) instead of new ones per body.
   */
  static byte[] toBytes(Object body) throws IOException {
    ReusedJsonWriter writer = BODIES.acquire();
    boolean failed = true;
    try {
      MAPPER.writeValue(writer.generator(), body);
      byte[] bytes = writer.finish(-1);
      failed = false;
      return bytes;
    } finally {
      writer.release(failed);
    }
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
