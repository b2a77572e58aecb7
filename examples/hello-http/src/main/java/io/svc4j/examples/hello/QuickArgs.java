package io.svc4j.examples.hello;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * A hand-written parser for the plain forms of hello-http's few options ({@code --port 8080},
 * {@code --port=8080}, {@code --enable-debug-endpoints}), so that a normal start loads none of
 * picocli's ~170 classes: their old class-file version keeps them out of any CDS/AOT cache and has
 * them verified at every start (docs/performance.md). It accepts only what picocli would read the
 * same way and declines everything else (returns {@code null}): unknown or repeated options,
 * missing or option-like values, {@code @files}, numbers that are not plain decimals. The caller
 * then asks picocli, so every error message and every unusual form stays picocli's.
 */
final class QuickArgs {

  private QuickArgs() {}

  /** The parsed options, or {@code null} when picocli must decide. */
  static HelloArgs parse(List<String> args) {
    HelloArgs a = new HelloArgs();
    boolean port = false, bind = false, staticDir = false, token = false, debug = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (name.equals("--enable-debug-endpoints")) {
        if (value != null || debug) {
          return null;
        }
        debug = a.debugEndpoints = true;
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          return null;
        }
        value = args.get(++i);
      }
      // An option where a value belongs (picocli refuses one even after '='), a file of arguments,
      // or nothing: picocli's call.
      if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
        return null;
      }
      switch (name) {
        case "--port" -> {
          if (port || !plainDecimal(value)) {
            return null;
          }
          port = true;
          a.port = Integer.parseInt(value);
        }
        case "--bind" -> {
          if (bind) {
            return null;
          }
          bind = true;
          a.bind = value;
        }
        case "--static-dir" -> {
          if (staticDir || (a.staticDir = path(value)) == null) {
            return null;
          }
          staticDir = true;
        }
        case "--auth-token-file" -> {
          if (token || (a.authTokenFile = path(value)) == null) {
            return null;
          }
          token = true;
        }
        default -> {
          return null;
        }
      }
    }
    return a;
  }

  /** "0" or up to nine ASCII digits without a leading zero: read alike by every int parser. */
  private static boolean plainDecimal(String s) {
    if (s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static Path path(String s) {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
