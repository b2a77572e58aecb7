package io.svc4j.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Membership by the environment tag alone: scans read the environment only of processes started
 * after the tree was created, and every process that can carry its tag is one of those.
 */
class ProcessTreeTest {

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void kill() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aTaggedProcessInANewSessionIsAMemberAndAnUntaggedOneIsNot() throws Exception {
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    var tree = new ProcessTree(id);
    // Neither is in a session the tree knows; only the tag tells them apart.
    var tagged = new ProcessBuilder("setsid", "sleep", "600");
    tagged.environment().put(tree.tagName(), "1");
    Process member = start(tagged);
    Process stranger = start(new ProcessBuilder("setsid", "sleep", "601"));

    assertThat(tree.alive())
        .extracting(ProcInfo::pid)
        .contains((int) member.pid())
        .doesNotContain((int) stranger.pid());
  }

  private Process start(ProcessBuilder builder) throws Exception {
    Process p = builder.start();
    started.add(p);
    return p;
  }
}
