package io.svc4j.drain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcNetTcpTest {

  @Test
  void readsPortStateAcceptQueueAndInodeOfARow() {
    ProcNetTcp.Entry e =
        ProcNetTcp.parse(
            "   3: 0100007F:1F90 00000000:0000 0A 00000000:00000007 00:00000000 00000000"
                + "     0        0 123456 1 0000000000000000 100 0 0 10 0");
    assertThat(e).isEqualTo(new ProcNetTcp.Entry(8080, ProcNetTcp.LISTEN, 7, 123456));
  }

  @Test
  void readsAnIpv6RowAndAHalfOpenHandshake() {
    ProcNetTcp.Entry e =
        ProcNetTcp.parse(
            "   0: 0000000000000000FFFF00000100007F:E0E1 0000000000000000FFFF00000100007F:9C40"
                + " 03 00000000:00000000 01:00000063 00000000     0        0 0 0"
                + " 0000000000000000");
    assertThat(e).isEqualTo(new ProcNetTcp.Entry(0xE0E1, ProcNetTcp.SYN_RECV, 0, 0));
  }

  @Test
  void theHeaderAndGarbageAreSkipped() {
    assertThat(
            ProcNetTcp.parse(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
                    + "   uid  timeout inode"))
        .isNull();
    assertThat(ProcNetTcp.parse("")).isNull();
    assertThat(ProcNetTcp.parse("   1: zz:zz zz 0A 0:0 0:0 0 0 0 x")).isNull();
  }
}
