package io.svc4j.supervisor.logs;

/** Bytes of one or more whole lines, each ending in '\n'; {@code lines} counts them. */
public record Chunk(byte[] data, int lines) {}
