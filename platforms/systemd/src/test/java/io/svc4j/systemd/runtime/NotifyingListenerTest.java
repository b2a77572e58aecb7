package io.svc4j.systemd.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import io.svc4j.systemd.notify.SdNotify;
import io.svc4j.systemd.testing.DatagramListener;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The ServiceState table's systemd column, one row at a time, over a real socket. */
class NotifyingListenerTest {

  private static final class Idle implements io.svc4j.service.Service {
    @Override
    public void start(ServiceContext context) {}

    @Override
    public void stop(ServiceContext context) {}
  }

  @Test
  void pauseAndResumeShowInTheStatusAndResumeRestoresTheServicesOwnStatus() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      ServiceController controller = new ServiceController(new Idle(), HostOptions.named("demo"));
      NotifyingListener notifying =
          new NotifyingListener(
              new SdNotify(
                  new HostEnvironment(Map.of("NOTIFY_SOCKET", listener.notifySocket()), "Linux")),
              controller);
      controller.context().status("serving 3 clients"); // no listener yet: only remembered

      notifying.stateChanged(null, ServiceState.STARTING, null);
      notifying.stateChanged(ServiceState.STARTING, ServiceState.RUNNING, null);
      notifying.stateChanged(ServiceState.RUNNING, ServiceState.PAUSING, null);
      notifying.stateChanged(ServiceState.PAUSING, ServiceState.PAUSED, null);
      notifying.stateChanged(ServiceState.PAUSED, ServiceState.RESUMING, null);
      notifying.stateChanged(ServiceState.RESUMING, ServiceState.RUNNING, null);
      notifying.stateChanged(
          ServiceState.STOPPING, ServiceState.FAILED, new TimeoutException("stop took too long"));
      notifying.stateChanged(
          ServiceState.RUNNING, ServiceState.FAILED, new IllegalStateException());

      assertThat(listener.nextText()).isEqualTo("READY=1");
      assertThat(listener.nextText()).isEqualTo("STATUS=pausing");
      assertThat(listener.nextText()).isEqualTo("STATUS=paused");
      assertThat(listener.nextText()).isEqualTo("STATUS=resuming");
      assertThat(listener.nextText()).isEqualTo("READY=1\nSTATUS=serving 3 clients");
      assertThat(listener.nextText()).isEqualTo("STATUS=failed: stop took too long\nERRNO=110");
      assertThat(listener.nextText()).isEqualTo("STATUS=failed: IllegalStateException");
    }
  }
}
