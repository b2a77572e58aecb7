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
 * @param health starts a run's health check
 * @param random the backoff's jitter, in [0, 1)
 */
public record EngineParts(
    ChildPlatform platform,
    EventLoop loop,
    Executor hookThread,
    Executor postStartThread,
    HealthWatch.Starter health,
    DoubleSupplier random) {}
