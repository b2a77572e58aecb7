package io.svc4j.supervisor;

import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.SupervisorListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the transitions a supervisor makes, for assertions. */
final class Recorder implements SupervisorListener {
  final List<ChildState> states = new CopyOnWriteArrayList<>();
  final List<String> reasons = new CopyOnWriteArrayList<>();
  final List<String> statuses = new CopyOnWriteArrayList<>();
  final List<java.nio.file.Path> dumps = new CopyOnWriteArrayList<>();

  @Override
  public void stateChanged(ChildState from, ChildState to, String reason) {
    states.add(to);
    reasons.add(to + ": " + reason);
  }

  @Override
  public void childStatus(String text) {
    statuses.add(text);
  }

  @Override
  public void threadDumped(java.nio.file.Path file) {
    dumps.add(file);
  }

  long count(ChildState state) {
    return states.stream().filter(s -> s == state).count();
  }
}
