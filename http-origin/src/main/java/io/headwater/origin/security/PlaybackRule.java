package io.headwater.origin.security;

import io.headwater.ingest.auth.AddressList;
import java.util.Objects;

/**
 * What a viewer of one application's streams must pass.
 *
 * @param signingSecret the secret of playback tokens, or null when no token is needed
 * @param addresses the addresses viewers may come from
 */
public record PlaybackRule(String signingSecret, AddressList addresses) {
  public PlaybackRule {
    Objects.requireNonNull(addresses, "addresses");
  }

  /** Whether a token is needed. */
  public boolean needsToken() {
    return signingSecret != null;
  }
}
