package io.svc4j.supervisor.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.svc4j.supervisor.engine.ChildState;

/**
 * The live view of a supervised child that {@code svc4j status} shows: what the supervisor knows
 * (the child's {@code ChildStatus}) plus the tree's memory and CPU read when asked. Readers ignore
 * fields they do not know, so a field added here does not break an older CLI.
 *
 * @param name service name
 * @param state the child's state
 * @param pid the child's pid, 0 when none runs
 * @param startedAt when the current (or last) run started (ISO-8601), null before the first
 * @param uptimeSeconds how long the running child has been up, null when none runs
 * @param restarts how many times the child was restarted
 * @param lastExitCode exit code of the last run, null before the first end
 * @param reason why the last state change happened
 * @param childStatus the last {@code STATUS=} text the child sent, "" if none
 * @param health "ok", the last failed check's reason, or "" without a health check
 * @param droppedLines log lines dropped because the disk could not keep up or was full
 * @param logs what went wrong with log capture, e.g. {@code disk full: 120 lines dropped (...),
 *     capture resumed}; "" when nothing did
 * @param processes how many processes the child's tree has now (0 when none runs)
 * @param memoryBytes the tree's resident memory now
 * @param cpuSeconds the tree's CPU time so far, to 1/100 s
 * @param stdoutLog where the child's stdout is captured, null without log capture
 * @param stderrLog where the child's stderr is captured, null without log capture
 * @param summary the one-line summary the service manager shows
 * @param configGeneration which reading of the configuration file runs (1 at start, +1 for each
 *     re-read that was applied); null when the supervisor does not re-read a file
 * @param configLoadedAt when that generation was read (ISO-8601); null with it
 * @param paused whether an operator paused the child's tree ({@code pause}); null when this child
 *     cannot be paused (Windows, a health check or a watchdog), and from older supervisors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SupervisedStatus(
    String name,
    ChildState state,
    long pid,
    String startedAt,
    Long uptimeSeconds,
    int restarts,
    Integer lastExitCode,
    String reason,
    String childStatus,
    String health,
    long droppedLines,
    String logs,
    int processes,
    long memoryBytes,
    double cpuSeconds,
    String stdoutLog,
    String stderrLog,
    String summary,
    Integer configGeneration,
    String configLoadedAt,
    Boolean paused) {}
