package io.svc4j.e2e.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import io.svc4j.windows.lsa.AccountRights;
import io.svc4j.windows.lsa.JnaAccountRights;
import io.svc4j.windows.lsa.LsaFailure;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs in Wine's Windows JVM and calls the LSA policy API through svc4j's real binding ({@link
 * JnaAccountRights}) for the Wine user: reads its rights, grants "Log on as a service", reads them
 * again, takes it back. Prints one {@code key\tvalue} line per step (the answer, or the Windows
 * error) for {@link ScmUnderWineE2eTest}, which asserts what Wine's advapi32 does.
 */
public final class LsaProbe {

  private LsaProbe() {}

  public static void main(String[] args) {
    AccountRights rights = new JnaAccountRights();
    String user = Advapi32Util.getUserName();
    System.out.println("user\t" + user);
    step("rights.before", () -> new TreeSet<>(rights.rights(user)).toString());
    step(
        "add",
        () -> {
          rights.add(user, AccountRights.SERVICE_LOGON);
          return "ok";
        });
    step("rights.after", () -> new TreeSet<>(rights.rights(user)).toString());
    step(
        "remove",
        () -> {
          rights.remove(user, AccountRights.SERVICE_LOGON);
          return "ok";
        });
    step("lookup.missing", () -> rights.rights("NOSUCHDOMAIN\\nobody-" + user).toString());
  }

  private static void step(String key, Supplier<String> call) {
    String answer;
    try {
      answer = call.get();
    } catch (LsaFailure e) {
      answer =
          "error " + e.win32Error() + String.format(" 0x%08X", e.ntStatus()) + " " + e.operation();
    } catch (RuntimeException | Error e) {
      answer = "unexpected " + e;
    }
    System.out.println(key + "\t" + answer);
  }
}
