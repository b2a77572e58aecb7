package io.svc4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.svc4j.manager.ServiceStatus;
import java.util.Locale;

/** Renders a {@link ServiceStatus} for people (one line or a block) and for programs (JSON). */
public final class StatusPrinter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusPrinter() {}

  public static String stateWord(ServiceStatus.State state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  public static String oneLine(ServiceStatus s) {
    StringBuilder b = new StringBuilder(stateWord(s.state()));
    s.mainPid().ifPresent(pid -> b.append(", pid ").append(pid));
    if (!s.statusText().isEmpty()) {
      b.append(", \"").append(s.statusText()).append('"');
    }
    return b.toString();
  }

  public static String block(ServiceStatus s, String managerName) {
    StringBuilder b = new StringBuilder();
    b.append(s.name()).append(" (").append(managerName).append(")\n");
    b.append("  state:   ").append(stateWord(s.state()));
    if (!s.nativeState().isEmpty()) {
      b.append(" [").append(s.nativeState()).append(']');
    }
    b.append('\n');
    s.mainPid().ifPresent(pid -> b.append("  pid:     ").append(pid).append('\n'));
    if (!s.statusText().isEmpty()) {
      b.append("  status:  ").append(s.statusText()).append('\n');
    }
    if (!s.result().isEmpty() && !"success".equals(s.result())) {
      b.append("  result:  ").append(s.result()).append('\n');
    }
    s.exitCode().ifPresent(code -> b.append("  exit:    ").append(code).append('\n'));
    return b.toString();
  }

  public static ObjectNode json(ServiceStatus s, String managerName) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", s.name());
    node.put("manager", managerName);
    node.put("state", s.state().name().toLowerCase(Locale.ROOT));
    node.put("nativeState", s.nativeState());
    if (s.mainPid().isPresent()) {
      node.put("mainPid", s.mainPid().getAsLong());
    } else {
      node.putNull("mainPid");
    }
    node.put("statusText", s.statusText());
    if (s.exitCode().isPresent()) {
      node.put("exitCode", s.exitCode().getAsInt());
    } else {
      node.putNull("exitCode");
    }
    node.put("result", s.result());
    return node;
  }

  public static String toJson(Object node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
