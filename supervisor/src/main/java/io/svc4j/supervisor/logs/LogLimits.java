package io.svc4j.supervisor.logs;

import java.time.Duration;

/**
 * What a running {@link LogFile} can be told to change ({@link LogFile#reconfigure}): rotation,
 * compression and the byte budget.
 *
 * @param maxSize rotate once the file reaches this many bytes
 * @param rotateEvery also rotate a non-empty file once it has been written to for this long (null:
 *     by size only)
 * @param keep how many rotated files to keep (0 truncates)
 * @param gzip compress rotated files
 * @param budgetBytes how many bytes may wait for the disk before lines are dropped
 */
public record LogLimits(
    long maxSize, Duration rotateEvery, int keep, boolean gzip, long budgetBytes) {}
