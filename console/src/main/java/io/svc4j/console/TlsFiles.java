package io.svc4j.console;

import java.nio.file.Path;

/**
 * The console's TLS certificate and key, as certbot and openssl write them.
 *
 * @param certificate PEM certificate chain, the server's own certificate first ({@code
 *     fullchain.pem})
 * @param privateKey PEM PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}, {@code
 *     privkey.pem}), not encrypted, readable by its owner only
 */
public record TlsFiles(Path certificate, Path privateKey) {}
