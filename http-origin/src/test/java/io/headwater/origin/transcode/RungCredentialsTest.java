package io.headwater.origin.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.auth.AuthDecision;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transcoders' internal credential: this host only, its rungs only, once per launch. */
class RungCredentialsTest {
  private static final List<String> RUNGS = List.of("cam_480p", "cam_240p");

  private static PublishRequest from(String host, String stream) {
    return new PublishRequest("live", stream, Map.of(), new InetSocketAddress(host, 40000),
        "rtmp-conn-1");
  }

  @Test
  void admitsEachRungOnceFromLoopbackAndNothingElse() {
    RungCredentials credentials = new RungCredentials();
    String credential = credentials.issue("live", RUNGS);
    assertThat(credential).matches("[0-9a-f]{32}");

    assertThat(credentials.check(from("127.0.0.1", "cam"), credential).reason())
        .as("never the source's name").contains("not valid for live/cam");
    // One character changed (a credential may hold neither '0' nor 'a', so no replace()).
    String wrong = (credential.charAt(0) == 'f' ? "e" : "f") + credential.substring(1);
    assertThat(credentials.check(from("127.0.0.1", "cam_480p"), wrong).allowed()).isFalse();
    assertThat(credentials.check(from("127.0.0.1", "cam_480p"), credential))
        .isEqualTo(AuthDecision.allow());
    assertThat(credentials.check(from("127.0.0.1", "cam_480p"), credential).allowed())
        .as("used up by the publish it admitted").isFalse();
    assertThat(credentials.check(from("::1", "cam_240p"), credential).allowed()).isTrue();
  }

  @Test
  void refusesOtherHostsAndRevokedOrReplacedCredentials() {
    RungCredentials credentials = new RungCredentials();
    String first = credentials.issue("live", RUNGS);
    assertThat(credentials.check(from("203.0.113.7", "cam_480p"), first).reason())
        .contains("from this host only");

    String second = credentials.issue("live", RUNGS); // the transcoder launched again
    assertThat(second).isNotEqualTo(first);
    assertThat(credentials.check(from("127.0.0.1", "cam_480p"), first).allowed()).isFalse();
    credentials.revoke("live", RUNGS, first);
    assertThat(credentials.check(from("127.0.0.1", "cam_480p"), second).allowed())
        .as("revoking the old credential leaves the new one").isTrue();

    credentials.revoke("live", RUNGS, second); // the publisher left
    assertThat(credentials.check(from("127.0.0.1", "cam_240p"), second).allowed()).isFalse();
  }
}
