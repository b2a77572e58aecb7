package io.svc4j.cli.install;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Whether an environment variable's name says it holds a secret: one of its word parts (split at
 * {@code _}, {@code -}, {@code .} and camelCase humps) is PASSWORD, TOKEN, SECRET, KEY, CREDENTIAL
 * or a kin of them. {@code DB_PASSWORD}, {@code apiKey} and {@code GITHUB_TOKEN} are; {@code
 * JAVA_OPTS}, {@code KEYSTORE_TYPE} and {@code PWD} (the working directory) are not.
 */
final class SecretNames {

  private static final Set<String> WORDS =
      Set.of(
          "PASSWORD",
          "PASSWORDS",
          "PASSWD",
          "PASS",
          "PASSPHRASE",
          "SECRET",
          "SECRETS",
          "TOKEN",
          "TOKENS",
          "KEY",
          "KEYS",
          "APIKEY",
          "PRIVATE",
          "CREDENTIAL",
          "CREDENTIALS",
          "CREDS",
          "AUTH");

  private SecretNames() {}

  static boolean looksSecret(String name) {
    return Arrays.stream(name.split("[_.\\-]+|(?<=[a-z0-9])(?=[A-Z])"))
        .map(part -> part.toUpperCase(Locale.ROOT))
        .anyMatch(WORDS::contains);
  }
}
