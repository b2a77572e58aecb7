package io.svc4j.supervisor.windows;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.IPHlpAPI;
import com.sun.jna.ptr.IntByReference;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which processes listen on a local TCP port (IPv4), from the system's TCP table. */
final class WindowsPorts {

  private static final int TCP_TABLE_OWNER_PID_LISTENER = 3;
  private static final int NO_ERROR = 0;
  private static final int ERROR_INSUFFICIENT_BUFFER = 122;

  private WindowsPorts() {}

  static Set<Long> listeningOn(int port) {
    Set<Long> pids = new LinkedHashSet<>();
    IntByReference size = new IntByReference(16 * 1024);
    for (int attempt = 0; attempt < 3; attempt++) {
      Memory buffer = new Memory(size.getValue());
      int rc =
          IPHlpAPI.INSTANCE.GetExtendedTcpTable(
              buffer, size, false, IPHlpAPI.AF_INET, TCP_TABLE_OWNER_PID_LISTENER, 0);
      if (rc == ERROR_INSUFFICIENT_BUFFER) {
        continue; // size now holds what is needed
      }
      if (rc != NO_ERROR) {
        return pids;
      }
      var table = new IPHlpAPI.MIB_TCPTABLE_OWNER_PID(buffer);
      for (var row : table.table) {
        // The port is in network byte order in the low 16 bits.
        int local = ((row.dwLocalPort & 0xff) << 8) | ((row.dwLocalPort >> 8) & 0xff);
        if (local == port) {
          pids.add(Integer.toUnsignedLong(row.dwOwningPid));
        }
      }
      return pids;
    }
    return pids;
  }
}
