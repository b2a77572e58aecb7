package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a service account's password comes from. There is deliberately no way to pass the password
 * itself: command lines end up in shell histories, process lists and logs.
 */
public sealed interface PasswordSource {

  /** Reads the password; the caller wipes the array after use. */
  char[] read();

  /** Where it comes from, for plan and errors (never the password). */
  String describe();

  /** The first line of a file (UTF-8; a trailing CR/LF is not part of the password). */
  record FromFile(Path file) implements PasswordSource {
    @Override
    public char[] read() {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new ManagerException(
            "cannot read the password file " + file + ": " + e.getMessage(), e);
      }
      try {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        int end = 0;
        while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
          end++;
        }
        char[] password = new char[end];
        chars.get(0, password);
        Arrays.fill(chars.array(), '\0');
        if (password.length == 0) {
          throw new ManagerException("the password file " + file + " is empty");
        }
        return password;
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }

    @Override
    public String describe() {
      return "file " + file;
    }
  }

  /** Asks on the terminal without echo. */
  record Prompt(String account) implements PasswordSource {
    @Override
    public char[] read() {
      Console console = System.console();
      if (console == null) {
        throw new ManagerException(
            "cannot prompt for the password of " + account + ": no terminal; use a password file");
      }
      char[] password = console.readPassword("Password for %s: ", account);
      if (password == null || password.length == 0) {
        throw new ManagerException("no password entered for " + account);
      }
      return password;
    }

    @Override
    public String describe() {
      return "prompt";
    }
  }
}
