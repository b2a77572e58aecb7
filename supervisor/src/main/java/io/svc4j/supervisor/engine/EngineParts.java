package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.os.ChildPlatform;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * What the engine is handed instead of finding it itself: the OS, its thread and clock, the threads
 * hooks and stops run on, the health checker and the jitter source. Production parts come from the
 * supervisor; engine tests pass fakes (a fake platform, a clock they advance, inline executors).
 *
 * @param platform the OS layer ({@link io.svc4j.supervisor.os.ChildPlatforms#forThisHost})
 * @param loop the event thread and clock
 * @param hookThread runs pre-start, pre-stop and post-stop hooks and the stop sequence, one at a
 *     time (they wait)
 * @param postStartThread runs a post-start hook apart, so that it cannot delay a stop
 * @param scanThread reads the process table for the engine, one scan at a time: the upkeep, the
 *     tree check after the child's exit and the leftover check. Apart from the event thread because
 *     a read of /proc/PID/environ can block for as long as its process's memory map is locked (a
 *     process in uninterruptible sleep, heavy paging), and the event thread must stay free to
 *     handle a stop
 * @param health starts a run's health check
 * @param random the backoff's jitter, in [0, 1)
 */
public record EngineParts(
    ChildPlatform platform,
    EventLoop loop,
    Executor hookThread,
    Executor postStartThread,
    Executor scanThread,
    HealthWatch.Starter health,
    DoubleSupplier random) {}
