package io.svc4j.registry.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The registry's write token. Created on first start with 256 random bits, mode 0600 from the
 * moment it exists (no window where another user could read it); an existing file readable by group
 * or others is refused, as ssh refuses such a key.
 */
public final class TokenFile {

  private static final Set<PosixFilePermission> LOOSE =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private TokenFile() {}

  /** Reads the token, creating the file first if it does not exist. */
  public static String readOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      checkPermissions(file);
      String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
        throw new IllegalArgumentException(
            "token file "
                + file
                + " must hold one token of at least 16 printable ASCII characters;"
                + " delete it to have a new one created");
      }
      return token;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "token file " + file + " cannot be used: " + e.getMessage());
    }
  }

  private static void create(Path file) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    try {
      if (posix) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return; // another registry created it meanwhile: use theirs
    }
    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
  }

  private static void checkPermissions(Path file) throws IOException {
    if (!Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (perms.stream().anyMatch(LOOSE::contains)) {
      throw new IllegalArgumentException(
          "token file "
              + file
              + " is accessible by group or others ("
              + PosixFilePermissions.toString(perms)
              + "): run chmod 600 "
              + file);
    }
  }
}
