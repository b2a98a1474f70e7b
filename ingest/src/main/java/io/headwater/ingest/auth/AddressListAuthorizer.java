package io.headwater.ingest.auth;

import io.headwater.ingest.PublishRequest;

/** Refuses publishers whose address an {@link AddressList} does not let in. */
public final class AddressListAuthorizer implements PublishAuthorizer {
  private final AddressList list;

  public AddressListAuthorizer(AddressList list) {
    this.list = list;
  }

  @Override
  public AuthDecision authorize(PublishRequest request) {
    if (list.permits(request.remote().getAddress())) {
      return AuthDecision.allow();
    }
    return AuthDecision.deny("publishing from " + request.remote().getAddress().getHostAddress()
        + " is not allowed");
  }
}
