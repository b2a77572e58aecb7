package io.svc4j.runtime.sockets;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Turns an inherited listening descriptor into a {@link ServerSocketChannel} that any NIO server
 * (Jetty's {@code ServerConnector.open(ServerSocketChannel)}) can accept on.
 *
 * <p>The JDK's only public door, {@link System#inheritedChannel()}, serves inetd: it takes fd 0
 * only, and closing that channel points fds 0, 1 and 2 at /dev/null, which would silence a
 * service's log (stdout) the moment it stops listening. So this uses the JDK's own server channel
 * class with the descriptor, as {@code System.inheritedChannel()} does internally; that needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (or {@code Add-Opens: java.base/sun.nio.ch}
 * in an executable jar's manifest, as hello-http's has). Without it the open fails with one line
 * saying so.
 */
public final class InheritedChannels {

  private InheritedChannels() {}

  /**
   * A server channel on {@code socket}'s descriptor; closing it closes only this process's copy.
   */
  public static ServerSocketChannel open(InheritedSocket socket) throws IOException {
    try {
      Class<?> impl = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
      Constructor<?> ctor =
          impl.getDeclaredConstructor(
              SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
      ctor.setAccessible(true);
      Method newFd = Class.forName("sun.nio.ch.IOUtil").getDeclaredMethod("newFD", int.class);
      newFd.setAccessible(true);
      FileDescriptor fd = (FileDescriptor) newFd.invoke(null, socket.fd());
      // The family only selects INET vs UNIX handling; the JDK maps IPv4 sockets itself.
      return (ServerSocketChannel)
          ctor.newInstance(SelectorProvider.provider(), StandardProtocolFamily.INET, fd, true);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new IOException(
            "inherited socket " + socket.name() + " (fd " + socket.fd() + "): " + io.getMessage(),
            io);
      }
      throw new IOException(
          "inherited socket " + socket.name() + " (fd " + socket.fd() + "): " + cause, cause);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // InaccessibleObjectException (no --add-opens) or a JDK whose internals differ.
      throw new IOException(
          "cannot use inherited socket "
              + socket.name()
              + " (fd "
              + socket.fd()
              + "): this JVM does not open java.base/sun.nio.ch; start it with"
              + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }
}
