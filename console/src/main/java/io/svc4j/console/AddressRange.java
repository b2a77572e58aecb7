package io.svc4j.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One {@code --allow} entry: an IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code
 * 2001:db8::/32}), or a single address ({@code 192.0.2.7}, {@code ::1}).
 *
 * @param network the network's address (its host bits are zero)
 * @param prefix how many leading bits an address must share with it
 */
public record AddressRange(InetAddress network, int prefix) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /**
   * Parses {@code text} without any name lookup.
   *
   * @throws IllegalArgumentException with one line naming the entry and the expected form
   */
  public static AddressRange parse(String text) {
    String usage =
        "--allow "
            + text
            + " is not an address or network; write e.g. 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32";
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    // A literal only: InetAddress.getByName would otherwise ask the DNS for a host name.
    if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
      throw new IllegalArgumentException(usage);
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(usage);
    }
    int bits = network.getAddress().length * 8;
    int prefix;
    if (slash < 0) {
      prefix = bits;
    } else {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(usage);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "--allow " + text + ": the prefix length must be from 0 to " + bits);
      }
    }
    var range = new AddressRange(network, prefix);
    InetAddress masked = range.mask(network);
    if (!masked.equals(network)) {
      throw new IllegalArgumentException(
          "--allow "
              + text
              + " has bits set after the first "
              + prefix
              + "; did you mean "
              + masked.getHostAddress()
              + "/"
              + prefix
              + "?");
    }
    return range;
  }

  /** Whether {@code address} lies in this network (an IPv4 one never holds an IPv6 address). */
  public boolean contains(InetAddress address) {
    return address.getAddress().length == network.getAddress().length
        && mask(address).equals(network);
  }

  private InetAddress mask(InetAddress address) {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] &= (byte) (0xff00 >> keep);
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }
}
