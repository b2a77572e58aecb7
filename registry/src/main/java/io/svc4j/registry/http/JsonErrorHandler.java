package io.svc4j.registry.http;

import io.svc4j.registry.api.ApiError;
import io.svc4j.registry.api.Wire;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty produces itself (a malformed request line, an ambiguous path such as {@code %2F})
 * get the same one-line JSON as the API's, never an HTML page or a stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = response.getStatus() > 0 ? response.getStatus() : 500;
    Object code = request.getAttribute(ERROR_STATUS);
    if (code instanceof Integer i) {
      status = i;
    }
    Object message = request.getAttribute(ERROR_MESSAGE);
    String reason = message != null ? message.toString() : HttpStatus.getMessage(status);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    byte[] body =
        Wire.mapper()
            .writeValueAsBytes(
                new ApiError((status < 500 ? "bad request: " : "server error: ") + reason));
    response.write(true, ByteBuffer.wrap(append(body)), callback);
    return true;
  }

  static byte[] append(byte[] body) {
    byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
    out[body.length] = '\n';
    return out;
  }
}
