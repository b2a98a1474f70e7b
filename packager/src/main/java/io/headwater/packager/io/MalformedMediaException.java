package io.headwater.packager.io;

/** Input bytes that violate the format being read; the message names the field and the offset. */
public class MalformedMediaException extends Exception {
  public MalformedMediaException(String message) {
    super(message);
  }

  public MalformedMediaException(String message, Throwable cause) {
    super(message, cause);
  }
}
