package io.svc4j.watcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects every batch the engine delivers (thread-safe: read from the test thread). */
final class Collector implements BatchListener {

  private final List<List<WatchEvent>> batches = new ArrayList<>();

  @Override
  public synchronized void onBatch(List<WatchEvent> batch) {
    batches.add(batch);
  }

  synchronized List<WatchEvent> events() {
    return batches.stream().flatMap(List::stream).toList();
  }

  synchronized List<List<WatchEvent>> batches() {
    return List.copyOf(batches);
  }

  List<Path> paths(EventKind kind) {
    return events().stream().filter(e -> e.kind() == kind).map(WatchEvent::path).toList();
  }

  boolean sawCreated(Path p) {
    return paths(EventKind.CREATED).contains(p);
  }
}
