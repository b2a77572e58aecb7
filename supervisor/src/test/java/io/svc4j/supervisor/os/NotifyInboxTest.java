package io.svc4j.supervisor.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NotifyInboxTest {

  @Test
  void theReaderWaitsOnceLimitMessagesArePendingAndOrderIsKept() throws Exception {
    ExecutorService events = Executors.newSingleThreadExecutor();
    var gate = new java.util.concurrent.CountDownLatch(1);
    List<String> handled = new CopyOnWriteArrayList<>();
    var inbox =
        new NotifyInbox(
            events,
            m -> {
              try {
                gate.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              handled.add(m.fields().get("N"));
            });
    AtomicInteger offered = new AtomicInteger();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    inbox.accept(NotifyMessage.parse("N=" + i));
                    offered.incrementAndGet();
                  }
                });
    // The event thread is stuck in the first message: LIMIT are accepted in all (that one
    // included), then the reader blocks until one is handled.
    await().atMost(10, TimeUnit.SECONDS).until(() -> offered.get() == NotifyInbox.LIMIT);
    await()
        .during(300, TimeUnit.MILLISECONDS)
        .atMost(2, TimeUnit.SECONDS)
        .until(() -> offered.get() == NotifyInbox.LIMIT && inbox.pending() == NotifyInbox.LIMIT);
    gate.countDown();
    reader.join(10_000);
    await().atMost(10, TimeUnit.SECONDS).until(() -> handled.size() == 1000);
    assertThat(handled)
        .isEqualTo(java.util.stream.IntStream.range(0, 1000).mapToObj(Integer::toString).toList());
    assertThat(inbox.pending()).isZero();
    events.shutdownNow();
  }

  @Test
  void aClosedEventLoopNeverBlocksTheReader() throws Exception {
    ExecutorService events = Executors.newSingleThreadExecutor();
    events.shutdown();
    var inbox = new NotifyInbox(events, m -> {});
    for (int i = 0; i < NotifyInbox.LIMIT * 2; i++) {
      inbox.accept(NotifyMessage.parse("READY=1")); // rejected each time: never blocks
    }
    assertThat(inbox.pending()).isZero();
  }
}
