package io.headwater.ingest;

/** Decides whether a publish may start and returns where its media goes. */
public interface PublishHandler {
  /**
   * Called on the publishing connection's thread when a client sends {@code publish}.
   *
   * @throws PublishRejectedException to refuse; its status code is sent to the client
   */
  StreamPublisher onPublish(PublishRequest request) throws PublishRejectedException;
}
