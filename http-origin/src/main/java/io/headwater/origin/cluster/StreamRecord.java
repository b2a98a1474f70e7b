package io.headwater.origin.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * The stream registry object ({@code streams/APP/STREAM.json}): which node ingests a stream, the
 * stream lifetime's epoch (the token in its segment names), whether it is live or ended, and its
 * target duration (for the cache lifetime of its playlists on origin nodes).
 *
 * @param app the RTMP application
 * @param stream the stream name
 * @param epoch the stream lifetime's token
 * @param node the ingesting node's URL
 * @param state {@code live} or {@code ended}
 * @param targetDurationSeconds EXT-X-TARGETDURATION of the stream
 * @param updatedMillis when the ingest node wrote this object (Unix milliseconds)
 */
public record StreamRecord(String app, String stream, String epoch, String node, String state,
    int targetDurationSeconds, long updatedMillis) {
  /** The registry object's largest accepted size; it is a few hundred bytes. */
  static final int MAX_BYTES = 16 << 10;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public StreamRecord {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(state, "state");
  }

  /** Whether the stream's publisher is gone for good (its playlists carry EXT-X-ENDLIST). */
  public boolean ended() {
    return state.equals("ended");
  }

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write stream record", e);
    }
  }

  /**
   * Reads a registry object.
   *
   * @throws IllegalArgumentException when it is too large or not a stream record
   */
  static StreamRecord fromJson(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("stream record of " + bytes.length + " bytes");
    }
    try {
      return JSON.readValue(bytes, StreamRecord.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a stream record: " + e.getMessage(), e);
    }
  }
}
