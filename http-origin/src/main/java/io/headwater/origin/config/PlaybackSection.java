package io.headwater.origin.config;

import io.headwater.ingest.auth.AddressList;
import java.util.List;

/**
 * {@code apps.NAME.playback}: who may play the application's streams.
 *
 * @param signingSecret when set, every object under {@code /APP/STREAM/} needs a valid token
 *     ({@code ?token=HMAC-SHA256(secret, "/APP/STREAM/:EXP[:CLIENT_IP]")&exp=EXP}); at least 16
 *     characters; default null (open)
 * @param allow address blocks (CIDR, IPv4 or IPv6) viewers must come from; empty: any
 * @param deny address blocks viewers must not come from; checked first
 */
public record PlaybackSection(String signingSecret, List<String> allow, List<String> deny) {
  public PlaybackSection {
    allow = List.copyOf(Check.orDefault(allow, List.of()));
    deny = List.copyOf(Check.orDefault(deny, List.of()));
    Check.secret("signingSecret", signingSecret);
    Check.addressList("allow", allow);
    Check.addressList("deny", deny);
  }

  static PlaybackSection defaults() {
    return new PlaybackSection(null, null, null);
  }

  /** The allow and deny lists, parsed. */
  public AddressList addressList() {
    return AddressList.parse(allow, deny);
  }
}
