package io.svc4j.cli.console;

import io.svc4j.cli.UsageException;
import io.svc4j.console.Role;
import io.svc4j.console.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svc4j console hash-password NAME}: prints a line for the console's users file. The
 * password is read from the terminal without echo (asked twice), or as the first line of standard
 * input when that is not a terminal, never from the command line, where {@code ps} and the shell's
 * history would show it.
 */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description =
        "Print a users-file line (name:role:pbkdf2_sha256$...) for --users-file; the password is"
            + " read from the terminal (no echo) or from the first line of standard input.")
public final class HashPasswordCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "The user's name.")
  String name;

  @Option(
      names = "--role",
      description = "operator (may act) or viewer (read-only); default: ${DEFAULT-VALUE}.")
  String role = "viewer";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Role r =
        switch (role) {
          case "operator" -> Role.OPERATOR;
          case "viewer" -> Role.VIEWER;
          default -> throw new UsageException("--role " + role + " is neither operator nor viewer");
        };
    char[] password = readPassword();
    try {
      spec.commandLine().getOut().println(UsersFile.line(name, r, password));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } finally {
      Arrays.fill(password, '\0');
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private char[] readPassword() {
    Console console = System.console();
    if (isTerminal(console)) {
      char[] first = console.readPassword("password for %s: ", name);
      char[] again = console.readPassword("again: ");
      if (first == null || again == null || !Arrays.equals(first, again)) {
        throw new UsageException("the two passwords differ; run hash-password again");
      }
      Arrays.fill(again, '\0');
      return first;
    }
    try {
      // Only the first line, as typed or piped: no trailing newline is part of the password.
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new UsageException(
            "no password on standard input; type it at a terminal or pipe it in as one line");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new UsageException("cannot read the password from standard input: " + e.getMessage());
    }
  }

  /**
   * Whether {@code console} is a real terminal. Since Java 22 {@link System#console()} returns a
   * console for redirected streams too, and only {@code Console.isTerminal()} (not in the Java 21
   * API this is compiled against) tells them apart; on Java 21 a console is always a terminal.
   */
  private static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
