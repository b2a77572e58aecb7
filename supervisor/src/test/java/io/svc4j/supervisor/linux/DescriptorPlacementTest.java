package io.svc4j.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.supervisor.linux.DescriptorPlacement.Move;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The placement's logic on a simulated descriptor table (the real child: {@link
 * ChildSpawnerDescriptorsTest}): for every arrangement of two pipes and three sockets over fds 0..7
 * in the supervisor, each ends at its target, no dup2 is onto its own number (it would keep
 * close-on-exec), and the copies are all at or above the closefrom bound.
 */
class DescriptorPlacementTest {

  private static final int TARGETS = 5; // stdout 1, stderr 2, sockets 3, 4, 5
  private static final int NUMBERS = 8;

  @Test
  void everyArrangementOfSourcesEndsAtItsTargets() {
    int checked = 0;
    for (int[] sources : arrangements(new int[TARGETS], 0)) {
      List<Move> wanted = new ArrayList<>();
      for (int i = 0; i < TARGETS; i++) {
        wanted.add(new Move(sources[i], i + 1));
      }
      DescriptorPlacement placement = DescriptorPlacement.of(wanted, TARGETS + 1);

      Map<Integer, Integer> table = new HashMap<>(); // fd -> which source (index) it holds
      for (int i = 0; i < TARGETS; i++) {
        table.put(sources[i], i);
      }
      placement.staging().forEach(m -> dup2(table, m));
      table.remove(0); // stdin: /dev/null is opened onto 0 between the passes
      placement.placing().forEach(m -> dup2(table, m));
      table.keySet().removeIf(fd -> fd >= TARGETS + 1); // closefrom

      for (int i = 0; i < TARGETS; i++) {
        assertThat(table.get(i + 1)).as("fd %d, sources %s", i + 1, List.of(sources)).isEqualTo(i);
      }
      assertThat(placement.staging()).allMatch(m -> m.to() >= TARGETS + 1);
      checked++;
    }
    assertThat(checked).isEqualTo(8 * 7 * 6 * 5 * 4);
  }

  @Test
  void twoDescriptorsForOneTargetAreRefused() {
    assertThatThrownBy(() -> DescriptorPlacement.of(List.of(new Move(7, 3), new Move(8, 3)), 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void dup2(Map<Integer, Integer> table, Move m) {
    assertThat(m.from()).as("dup2 onto itself keeps close-on-exec").isNotEqualTo(m.to());
    assertThat(table).as("dup2 from a closed fd %s", m).containsKey(m.from());
    table.put(m.to(), table.get(m.from()));
  }

  /** Every way to give the TARGETS sources distinct numbers below NUMBERS. */
  private static List<int[]> arrangements(int[] prefix, int filled) {
    if (filled == prefix.length) {
      return List.of(prefix.clone());
    }
    List<int[]> all = new ArrayList<>();
    outer:
    for (int fd = 0; fd < NUMBERS; fd++) {
      for (int i = 0; i < filled; i++) {
        if (prefix[i] == fd) {
          continue outer;
        }
      }
      prefix[filled] = fd;
      all.addAll(arrangements(prefix, filled + 1));
    }
    return all;
  }
}
