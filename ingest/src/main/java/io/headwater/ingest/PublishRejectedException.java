package io.headwater.ingest;

/** A refused publish; statusCode is the onStatus code sent to the client. */
public class PublishRejectedException extends Exception {
  private final String statusCode;

  /**
   * @param statusCode the NetStream status code, e.g. {@code NetStream.Publish.BadName}
   * @param description the human-readable reason sent as the onStatus description
   */
  public PublishRejectedException(String statusCode, String description) {
    super(statusCode + ": " + description);
    this.statusCode = statusCode;
  }

  public String statusCode() {
    return statusCode;
  }

  /** The reason without the status code, as sent to the client. */
  public String description() {
    String message = getMessage();
    return message.substring(statusCode.length() + 2);
  }
}
