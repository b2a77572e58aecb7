package io.svc4j.supervisor.windows;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one line that refuses an unsafe directory: what, who can write, and the fix. */
final class DirectoryRefusal {

  private DirectoryRefusal() {}

  /**
   * @param role what svc4j keeps there ("state", "runtime", "log")
   * @param names a SID's account name for the message (the SID itself when unknown)
   */
  static String message(
      Path dir,
      String role,
      DirectoryPolicy policy,
      DirectoryPolicy.Weakness weakness,
      Function<String, String> names) {
    String who = weakness.sid() == null ? "?" : names.apply(weakness.sid());
    String shown = weakness.sid() == null ? who : who + " (" + weakness.sid() + ")";
    String problem =
        switch (weakness.kind()) {
          case OWNER -> shown + " owns it and can change who may write";
          case NULL_DACL -> "it has no DACL, so every user may write to it";
          case WRITE_ENTRY -> shown + " may create, change or delete files in it";
          case UNREADABLE_ENTRY ->
              "its DACL has an allow entry of type " + weakness.detail() + " svc4j cannot check";
        };
    String trusted =
        policy.trusted().stream().map(names).collect(Collectors.joining(", ")) + " only";
    String grant =
        policy.trusted().stream()
            .map(sid -> "*" + sid + ":(OI)(CI)F")
            .collect(Collectors.joining(" "));
    String quoted = "\"" + dir + "\"";
    StringBuilder fix = new StringBuilder();
    if (weakness.kind() == DirectoryPolicy.Weakness.Kind.OWNER) {
      fix.append("icacls ")
          .append(quoted)
          .append(" /setowner *")
          .append(DirectoryPolicy.ADMINISTRATORS)
          .append(", then ");
    }
    fix.append("icacls ").append(quoted).append(" /inheritance:r /grant:r ").append(grant);
    if (weakness.kind() == DirectoryPolicy.Weakness.Kind.WRITE_ENTRY) {
      fix.append(", then icacls ").append(quoted).append(" /remove:g *").append(weakness.sid());
    }
    return "the "
        + role
        + " directory "
        + dir
        + " is not safe: "
        + problem
        + " (it must be writable by "
        + trusted
        + "); fix its permissions ("
        + fix
        + ") or delete it so that svc4j creates it with a safe DACL";
  }
}
