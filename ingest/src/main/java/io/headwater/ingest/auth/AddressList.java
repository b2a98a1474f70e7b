package io.headwater.ingest.auth;

import java.net.InetAddress;
import java.util.List;

/**
 * Allow and deny lists of address blocks: an address in a deny block is refused; otherwise, when
 * the allow list is not empty, only addresses in one of its blocks are let in. Both empty: open.
 *
 * @param allow blocks let in; empty means every address not denied
 * @param deny blocks refused, checked first
 */
public record AddressList(List<CidrBlock> allow, List<CidrBlock> deny) {
  /** Lets every address in. */
  public static final AddressList OPEN = new AddressList(List.of(), List.of());

  public AddressList {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /** Parses blocks such as {@code 10.0.0.0/8} and {@code 2001:db8::/32}. */
  public static AddressList parse(List<String> allow, List<String> deny) {
    return new AddressList(allow.stream().map(CidrBlock::parse).toList(),
        deny.stream().map(CidrBlock::parse).toList());
  }

  /** Whether the lists are both empty. */
  public boolean isOpen() {
    return allow.isEmpty() && deny.isEmpty();
  }

  /** Whether {@code address} is let in. */
  public boolean permits(InetAddress address) {
    for (CidrBlock b : deny) {
      if (b.contains(address)) {
        return false;
      }
    }
    if (allow.isEmpty()) {
      return true;
    }
    for (CidrBlock b : allow) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
