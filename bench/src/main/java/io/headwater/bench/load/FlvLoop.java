package io.headwater.bench.load;

import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An FLV file prepared once for replay by many publishers: each tag's body already split into
 * chunks with their fmt 3 continuation headers (RTMP 1.0 5.3.1), so a publisher only writes a
 * fresh 12-byte fmt 0 header per message and shares the rest. Timestamps start at 0; the file
 * repeats every {@link #loopMs()} milliseconds.
 *
 * @param tags the tags in file order
 * @param loopMs the file's duration: last timestamp plus one frame interval
 * @param bitsPerSecond the media bit rate of the file
 */
public record FlvLoop(List<Tag> tags, long loopMs, long bitsPerSecond) {
  /** The chunk size publishers announce with Set Chunk Size before media. */
  public static final int CHUNK_SIZE = 4096;
  /** Chunk stream of audio messages. */
  public static final int CSID_AUDIO = 4;
  /** Chunk stream of video and data messages. */
  public static final int CSID_VIDEO = 6;

  /**
   * One tag ready to send.
   *
   * @param typeId RTMP message type (8 audio, 9 video, 18 AMF0 data)
   * @param csid the chunk stream it goes on
   * @param timestampMs time from the file's first tag
   * @param bodyBytes the message length
   * @param continuation the body with its fmt 3 chunk headers; shared, read only
   * @param keyframe a video keyframe (FLV FrameType 1)
   */
  public record Tag(int typeId, int csid, long timestampMs, int bodyBytes, ByteBuffer continuation,
      boolean keyframe) {}

  /** Reads and prepares {@code file}; {@code @setDataFrame} is put in front of onMetaData. */
  public static FlvLoop load(Path file) throws IOException, MalformedMediaException {
    List<FlvTag> raw = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      FlvReader reader = new FlvReader(in);
      for (FlvTag t = reader.next(); t != null; t = reader.next()) {
        raw.add(t);
      }
    }
    if (raw.isEmpty()) {
      throw new IOException(file + " has no tags");
    }
    long first = raw.get(0).timestampMs();
    long last = first;
    long bytes = 0;
    List<Tag> tags = new ArrayList<>(raw.size());
    long lastVideo = -1;
    long videoStep = 33;
    for (FlvTag t : raw) {
      byte[] body = t.type() == FlvTag.SCRIPT_DATA ? withSetDataFrame(t.body()) : t.body();
      int csid = t.type() == FlvTag.AUDIO ? CSID_AUDIO : CSID_VIDEO;
      long ts = t.timestampMs() - first;
      boolean key = t.type() == FlvTag.VIDEO && body.length > 0 && (body[0] & 0xF0) == 0x10;
      if (t.type() == FlvTag.VIDEO) {
        if (lastVideo >= 0 && ts > lastVideo) {
          videoStep = ts - lastVideo;
        }
        lastVideo = ts;
      }
      tags.add(new Tag(t.type(), csid, ts, body.length, continuation(body, csid), key));
      last = Math.max(last, t.timestampMs());
      bytes += body.length;
    }
    long loopMs = last - first + videoStep;
    return new FlvLoop(List.copyOf(tags), loopMs, bytes * 8 * 1000 / loopMs);
  }

  /** The body split at every CHUNK_SIZE bytes with a one-byte fmt 3 basic header in between. */
  private static ByteBuffer continuation(byte[] body, int csid) {
    ByteWriter out = new ByteWriter(body.length + body.length / CHUNK_SIZE + 1);
    for (int at = 0; at < body.length; at += CHUNK_SIZE) {
      if (at > 0) {
        out.u8(0xC0 | csid); // fmt 3, csid < 64: basic header of one byte (5.3.1.1)
      }
      out.bytes(body, at, Math.min(CHUNK_SIZE, body.length - at));
    }
    return ByteBuffer.wrap(out.toByteArray()).asReadOnlyBuffer();
  }

  /** RTMP carries onMetaData as {@code @setDataFrame, onMetaData, {...}} (7.1.2). */
  private static byte[] withSetDataFrame(byte[] scriptBody) {
    ByteWriter w = new ByteWriter(scriptBody.length + 16);
    w.u8(2).u16("@setDataFrame".length()).ascii("@setDataFrame"); // AMF0 string marker, length
    w.bytes(scriptBody);
    return w.toByteArray();
  }
}
