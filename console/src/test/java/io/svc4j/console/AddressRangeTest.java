package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The {@code --allow} notation: IPv4 and IPv6 networks and single addresses, no name lookup. */
class AddressRangeTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void anIpv4NetworkHoldsItsAddressesOnly() throws Exception {
    var ten = AddressRange.parse("10.0.0.0/8");
    assertThat(ten.contains(ip("10.255.3.4"))).isTrue();
    assertThat(ten.contains(ip("11.0.0.1"))).isFalse();
    assertThat(ten.contains(ip("127.0.0.1"))).isFalse();
    var odd = AddressRange.parse("192.168.4.0/22");
    assertThat(odd.contains(ip("192.168.7.255"))).isTrue();
    assertThat(odd.contains(ip("192.168.8.0"))).isFalse();
  }

  @Test
  void aSingleAddressIsAFullLengthPrefix() throws Exception {
    assertThat(AddressRange.parse("127.0.0.1").prefix()).isEqualTo(32);
    assertThat(AddressRange.parse("127.0.0.1").contains(ip("127.0.0.2"))).isFalse();
    assertThat(AddressRange.parse("::1").prefix()).isEqualTo(128);
    assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
  }

  @Test
  void ipv6NetworksWorkAndNeverHoldIpv4Addresses() throws Exception {
    var doc = AddressRange.parse("2001:db8::/32");
    assertThat(doc.contains(ip("2001:db8:1::5"))).isTrue();
    assertThat(doc.contains(ip("2001:db9::5"))).isFalse();
    assertThat(AddressRange.parse("::/0").contains(ip("10.0.0.1"))).isFalse();
  }

  @Test
  void mistakesAreOneLineWithTheFix() {
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.1/8"))
        .hasMessage("--allow 10.0.0.1/8 has bits set after the first 8; did you mean 10.0.0.0/8?");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33"))
        .hasMessage("--allow 10.0.0.0/33: the prefix length must be from 0 to 32");
    // A name is refused as written, never looked up (no DNS at start, no name that moves later).
    assertThatThrownBy(() -> AddressRange.parse("localhost"))
        .hasMessageStartingWith("--allow localhost is not an address or network");
    assertThatThrownBy(() -> AddressRange.parse("cafe"))
        .hasMessageStartingWith("--allow cafe is not an address or network");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x"))
        .hasMessageStartingWith("--allow 10.0.0.0/x is not an address or network");
  }
}
