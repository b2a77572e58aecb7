package io.svc4j.supervisor.engine;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code restart.on-output} patterns as the output pumps see them: one list for the
 * supervisor's lifetime whose content a re-read configuration replaces ({@link ConfigSwap}), so
 * that a running child's output is matched against the new patterns from the next line on. The
 * pumps only iterate and ask for emptiness, each of which reads the current list once.
 */
final class OutputTriggers extends AbstractList<Pattern> {

  private volatile List<Pattern> current;

  OutputTriggers(List<String> patterns) {
    replace(patterns);
  }

  /** From now on, {@code patterns} (already checked by {@link EngineChecks}). */
  void replace(List<String> patterns) {
    current = patterns.stream().map(Pattern::compile).toList();
  }

  @Override
  public Iterator<Pattern> iterator() {
    return current.iterator();
  }

  @Override
  public boolean isEmpty() {
    return current.isEmpty();
  }

  @Override
  public Pattern get(int index) {
    return current.get(index);
  }

  @Override
  public int size() {
    return current.size();
  }
}
