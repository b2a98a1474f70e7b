package io.headwater.ingest.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address block in CIDR notation (RFC 4632 3.1, RFC 4291 2.3), e.g.
 * {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address ({@code 192.0.2.7}, a /32 or
 * /128). IPv4 clients reached over an IPv6 socket ({@code ::ffff:a.b.c.d}, RFC 4291 2.5.5.2)
 * are matched as IPv4, since Java reports them as such.
 *
 * @param network the address bytes (4 or 16), host bits cleared
 * @param prefixLength the number of leading bits that must match
 */
public record CidrBlock(byte[] network, int prefixLength) {
  /** Only literal addresses: a host name would make the JDK ask DNS. */
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  public CidrBlock {
    network = network.clone();
    if ((network.length != 4 && network.length != 16) || prefixLength < 0
        || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("bad CIDR block: " + network.length + " bytes /"
          + prefixLength);
    }
    network = mask(network, prefixLength);
  }

  /** Parses {@code a.b.c.d/n}, {@code x:y::z/n} or a single address. */
  public static CidrBlock parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    if (!LITERAL.matcher(address).matches()) {
      throw new IllegalArgumentException("not an IP address block: '" + text + "'");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address block: '" + text + "'");
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      String len = s.substring(slash + 1);
      if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > bits) {
        throw new IllegalArgumentException("not an IP address block: '" + text
            + "' (prefix length 0.." + bits + ")");
      }
      bits = Integer.parseInt(len);
    }
    return new CidrBlock(bytes, bits);
  }

  /** Whether {@code address} lies in this block; an IPv4 address never matches an IPv6 block. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    return a.length == network.length && java.util.Arrays.equals(mask(a, prefixLength), network);
  }

  private static byte[] mask(byte[] address, int prefixLength) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrBlock c && c.prefixLength == prefixLength
        && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
