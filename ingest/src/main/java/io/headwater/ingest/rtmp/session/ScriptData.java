package io.headwater.ingest.rtmp.session;

import io.headwater.ingest.rtmp.amf.Amf0Reader;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfString;
import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import java.util.Arrays;

/**
 * Makes RTMP data messages look like FLV script tags: ffmpeg and OBS send
 * {@code "@setDataFrame", "onMetaData", <ECMA array>}, while an FLV file holds
 * {@code "onMetaData", <ECMA array>}; the leading string is cut off and the rest is kept byte for
 * byte (so the ECMA array stays an ECMA array).
 */
final class ScriptData {
  private ScriptData() {}

  /** {@code body} without a leading AMF0 string equal to {@code marker}, else {@code body}. */
  static byte[] withoutSetDataFrame(byte[] body, String marker) throws MalformedMediaException {
    ByteReader in = new ByteReader(body);
    if (new Amf0Reader(in).read() instanceof AmfString s && s.value().equals(marker)) {
      return Arrays.copyOfRange(body, in.position(), body.length);
    }
    return body;
  }
}
