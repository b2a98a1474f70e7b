package io.headwater.storage.s3;

/** An object-store request that failed after its retries, or returned something out of bounds. */
public final class ObjectStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was asked and what went wrong @param cause the client's error, or null */
  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
