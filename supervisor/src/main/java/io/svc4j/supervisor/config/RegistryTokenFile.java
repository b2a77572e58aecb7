package io.svc4j.supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The check of {@code registry.token-file}: the token lets whoever holds it register, change and
 * remove instances, so the file must exist, belong to root or this user, and be neither readable
 * nor writable by anyone else (the same owner rule as environment files, {@link SecretFiles}, plus
 * no read by group or others).
 */
public final class RegistryTokenFile {

  static final String KEY = "registry.token-file";

  private RegistryTokenFile() {}

  /**
   * Throws {@link ConfigException} of {@code registry.token-file} when the file must not be used.
   */
  public static void check(Path file) {
    if (!Files.exists(file)) {
      throw new ConfigException(
          KEY,
          "'"
              + file
              + "' does not exist; write the registry's token into it and chmod 600 it"
              + " (svc4j registry serve --token-file creates one)");
    }
    Optional<String> untrusted = SecretFiles.untrusted(file);
    if (untrusted.isPresent()) {
      throw new ConfigException(KEY, untrusted.get());
    }
    if (SecretFiles.readableByOthers(file)) {
      throw new ConfigException(
          KEY,
          "'"
              + file
              + "' can be read by its group or by every user: they could write to the registry"
              + " with its token; chmod 600 '"
              + file
              + "'");
    }
  }
}
