package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.security.PlaybackToken.Verdict;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PlaybackTokenTest {
  private static final long NOW = 1_700_000_000L;
  private final PlaybackToken tokens = new PlaybackToken("playback-secret-123",
      Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  @Test
  void verdictsForEachKindOfBadToken() throws Exception {
    InetAddress me = InetAddress.getByName("198.51.100.7");
    String prefix = "/live/cam/";
    String exp = Long.toString(NOW + 60);
    String good = tokens.sign(prefix, NOW + 60, null);
    assertThat(tokens.check(prefix, good, exp, me)).isEqualTo(Verdict.VALID);
    assertThat(tokens.check(prefix, null, exp, me)).isEqualTo(Verdict.MISSING);
    assertThat(tokens.check(prefix, good, "1e9", me)).isEqualTo(Verdict.MALFORMED);
    String tampered = (good.charAt(0) == '0' ? "1" : "0") + good.substring(1);
    assertThat(tokens.check(prefix, tampered, exp, me)).isEqualTo(Verdict.WRONG_SIGNATURE);
    assertThat(tokens.check("/live/other/", good, exp, me)).isEqualTo(Verdict.WRONG_SIGNATURE);
    assertThat(tokens.check(prefix, good, Long.toString(NOW + 61), me))
        .isEqualTo(Verdict.WRONG_SIGNATURE);
    String old = tokens.sign(prefix, NOW, null);
    assertThat(tokens.check(prefix, old, Long.toString(NOW), me)).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void aTokenBoundToAClientAddressWorksForThatClientOnly() throws Exception {
    String prefix = "/live/cam/";
    String exp = Long.toString(NOW + 60);
    String bound = tokens.sign(prefix, NOW + 60, "2001:db8::7");
    assertThat(tokens.check(prefix, bound, exp, InetAddress.getByName("2001:db8:0:0::7")))
        .isEqualTo(Verdict.VALID);
    assertThat(tokens.check(prefix, bound, exp, InetAddress.getByName("2001:db8::8")))
        .isEqualTo(Verdict.WRONG_SIGNATURE);
  }

  @Test
  void ipv6IsWrittenInRfc5952Form() throws Exception {
    assertThat(PlaybackToken.textOf(InetAddress.getByName("2001:0db8:0:0:0:0:0:1")))
        .isEqualTo("2001:db8::1");
    assertThat(PlaybackToken.textOf(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(PlaybackToken.textOf(InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
        .isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(PlaybackToken.textOf(InetAddress.getByName("2001:0:0:1:0:0:0:1")))
        .isEqualTo("2001:0:0:1::1");
    assertThat(PlaybackToken.textOf(InetAddress.getByName("fe80::")))
        .isEqualTo("fe80::");
    assertThat(PlaybackToken.textOf(InetAddress.getByName("192.0.2.1"))).isEqualTo("192.0.2.1");
  }
}
