package io.svc4j.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc reader against real processes, and against an independent parse of the same file. */
class ProcTableTest {

  @TempDir Path tmp;
  private Process process;

  @AfterEach
  void kill() throws Exception {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  @Test
  void readsTheFieldsOfAProcessWhoseNameHasSpacesAndParentheses() throws Exception {
    // The kernel shows the program's file name in parentheses: ") (" inside it must not shift
    // the fields that follow.
    Path program = tmp.resolve("a) (b c");
    Files.copy(Path.of("/bin/sleep"), program, StandardCopyOption.COPY_ATTRIBUTES);
    process = new ProcessBuilder(program.toString(), "600").start();
    int pid = (int) process.pid();
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    assertThat(stat).contains("(a) (b c)");

    ProcInfo info = ProcTable.read(pid).orElseThrow();

    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertThat(info.pid()).isEqualTo(pid);
    assertThat(info.ppid()).isEqualTo((int) ProcessHandle.current().pid());
    assertThat(info.pgid()).isEqualTo(Integer.parseInt(f[2]));
    assertThat(info.sid()).isEqualTo(Integer.parseInt(f[3]));
    assertThat(info.startTime()).isEqualTo(Long.parseLong(f[19]));
    assertThat(info.isZombie()).isFalse();
  }

  @Test
  void aProcessGoneIsEmptyAndTheTableListsTheLiveOnes() throws Exception {
    process = new ProcessBuilder("sleep", "600").start();
    int pid = (int) process.pid();
    assertThat(ProcTable.all())
        .extracting(ProcInfo::pid)
        .contains(pid, (int) ProcessHandle.current().pid());

    process.destroyForcibly().waitFor();

    assertThat(ProcTable.read(pid)).isEmpty();
    assertThat(ProcTable.all()).extracting(ProcInfo::pid).doesNotContain(pid);
  }

  @Test
  void aProcessStartedAfterTicksSinceBootHasAStartTimeAtOrAboveIt() throws Exception {
    long before = ProcTable.ticksSinceBoot();
    process = new ProcessBuilder("sleep", "600").start();

    assertThat(before).isPositive();
    assertThat(ProcTable.read((int) process.pid()).orElseThrow().startTime())
        .isGreaterThanOrEqualTo(before);
    assertThat(ProcTable.read((int) ProcessHandle.current().pid()).orElseThrow().startTime())
        .isLessThanOrEqualTo(before);
  }
}
