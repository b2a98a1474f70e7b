package io.headwater.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.PublishRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressListTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void ipv4AndIpv6BlocksMatchTheirPrefixOnly() throws Exception {
    CidrBlock v4 = CidrBlock.parse("10.1.0.0/16");
    assertThat(v4.contains(ip("10.1.255.7"))).isTrue();
    assertThat(v4.contains(ip("10.2.0.1"))).isFalse();
    CidrBlock odd = CidrBlock.parse("192.0.2.128/25");
    assertThat(odd.contains(ip("192.0.2.200"))).isTrue();
    assertThat(odd.contains(ip("192.0.2.127"))).isFalse();
    CidrBlock v6 = CidrBlock.parse("2001:db8::/32");
    assertThat(v6.contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(v6.contains(ip("2001:db9::1"))).isFalse();
    assertThat(v6.contains(ip("10.1.0.1"))).isFalse();
    assertThat(CidrBlock.parse("::1").contains(ip("::1"))).isTrue();
    assertThat(CidrBlock.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(v4.contains(ip("::ffff:10.1.2.3"))).as("IPv4-mapped IPv6 is IPv4").isTrue();
    assertThat(CidrBlock.parse("10.1.2.3/8")).isEqualTo(CidrBlock.parse("10.0.0.0/8"));
  }

  @Test
  void malformedBlocksAndHostNamesAreRefused() {
    for (String bad : List.of("", "10.0.0.0/33", "2001:db8::/129", "example.com", "10.0.0.0/-1",
        "10.0.0.0/", "localhost/8", "1.2.3.4/8/8")) {
      assertThatThrownBy(() -> CidrBlock.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void denyWinsAndANonEmptyAllowListClosesEverythingElse() throws Exception {
    AddressList list = AddressList.parse(List.of("10.0.0.0/8", "2001:db8::/32"),
        List.of("10.66.0.0/16"));
    assertThat(list.permits(ip("10.1.1.1"))).isTrue();
    assertThat(list.permits(ip("10.66.1.1"))).isFalse();
    assertThat(list.permits(ip("2001:db8::5"))).isTrue();
    assertThat(list.permits(ip("192.0.2.1"))).isFalse();
    AddressList denyOnly = AddressList.parse(List.of(), List.of("192.0.2.0/24"));
    assertThat(denyOnly.permits(ip("192.0.2.1"))).isFalse();
    assertThat(denyOnly.permits(ip("198.51.100.1"))).isTrue();
    assertThat(AddressList.OPEN.permits(ip("::1"))).isTrue();
  }

  @Test
  void theAuthorizerNamesTheRefusedAddress() {
    AddressListAuthorizer acl = new AddressListAuthorizer(
        AddressList.parse(List.of("127.0.0.0/8"), List.of()));
    PublishRequest local = new PublishRequest("live", "cam", Map.of(),
        new InetSocketAddress("127.0.0.1", 1), "c1");
    PublishRequest remote = new PublishRequest("live", "cam", Map.of(),
        new InetSocketAddress("192.0.2.1", 1), "c2");
    assertThat(acl.authorize(local).allowed()).isTrue();
    assertThat(acl.authorize(remote).reason())
        .isEqualTo("publishing from 192.0.2.1 is not allowed");
  }
}
