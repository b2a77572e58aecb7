package io.svc4j.cli.watch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.svc4j.watcher.WatchEvent;

/** One {@code svc4j watch --json} line (and one element of the JSON a command reads on stdin). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WatchEventJson(
    String time, String kind, String path, String oldPath, String type, Long size, boolean rescan) {

  static WatchEventJson of(WatchEvent e) {
    return new WatchEventJson(
        e.time().toString(),
        e.kind().wire(),
        e.path().toString(),
        e.oldPath().map(Object::toString).orElse(null),
        e.type().wire(),
        e.size() < 0 ? null : e.size(),
        e.fromRescan());
  }
}
