package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.policy.ChildEnd;
import io.svc4j.supervisor.policy.Decision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's observers; one that throws is logged and the others are still told. */
final class Listeners implements SupervisorListener {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private final String name;
  private final List<SupervisorListener> all = new CopyOnWriteArrayList<>();

  Listeners(String name) {
    this.name = name;
  }

  void add(SupervisorListener listener) {
    all.add(listener);
  }

  @Override
  public void stateChanged(ChildState from, ChildState to, String reason) {
    for (SupervisorListener l : all) {
      try {
        l.stateChanged(from, to, reason);
      } catch (RuntimeException e) {
        log.warn("{}: listener {} failed: {}", name, l, e.toString(), e);
      }
    }
  }

  @Override
  public void childStatus(String text) {
    all.forEach(l -> l.childStatus(text));
  }

  @Override
  public void threadDumped(Path file) {
    all.forEach(l -> l.threadDumped(file));
  }

  @Override
  public void childEnded(ChildEnd end, Decision decision) {
    all.forEach(l -> l.childEnded(end, decision));
  }

  @Override
  public void healthChecked(boolean ok, Duration took) {
    all.forEach(l -> l.healthChecked(ok, took));
  }
}
