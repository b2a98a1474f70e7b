package io.headwater.ingest.flv;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import java.nio.charset.StandardCharsets;

/**
 * The header of an FLV audio tag body carrying AAC (FLV spec E.4.2.1 AUDIODATA and
 * AACAUDIODATA).
 *
 * <pre>
 * SoundFormat UB4 | SoundRate UB2 | SoundSize UB1 | SoundType UB1 | AACPacketType UI8 | Data
 * </pre>
 *
 * <p>For AAC the rate, size and type bits are fixed (44 kHz, 16-bit, stereo) and meaningless:
 * the AudioSpecificConfig is authoritative.
 *
 * @param aacPacketType {@link #SEQUENCE_HEADER} or {@link #RAW}
 * @param dataOffset where the payload starts in the tag body
 */
public record AudioTagHeader(int aacPacketType, int dataOffset) {
  /** SoundFormat 10: AAC. */
  public static final int FORMAT_AAC = 10;
  /** SoundFormat 9, reserved in the FLV spec, announces an enhanced RTMP ExAudioTagHeader. */
  public static final int FORMAT_EX_HEADER = 9;
  /** AACPacketType 0: AudioSpecificConfig. */
  public static final int SEQUENCE_HEADER = 0;
  /** AACPacketType 1: one raw AAC frame. */
  public static final int RAW = 1;

  private static final String[] FORMAT_NAMES = {
    "Linear PCM, platform endian", "ADPCM", "MP3", "Linear PCM, little endian",
    "Nellymoser 16 kHz mono", "Nellymoser 8 kHz mono", "Nellymoser", "G.711 A-law",
    "G.711 mu-law", "reserved", "AAC", "Speex", "reserved", "reserved", "MP3 8 kHz",
    "device-specific sound"
  };

  /** Parses the header; non-AAC formats and truncation are malformed. */
  public static AudioTagHeader parse(byte[] body) throws MalformedMediaException {
    if (body.length == 0) {
      throw new MalformedMediaException("audio tag: empty body, no SoundFormat");
    }
    ByteReader in = new ByteReader(body);
    int soundFormat = in.readU8("audio tag SoundFormat") >>> 4;
    if (soundFormat == FORMAT_EX_HEADER) {
      // Enhanced RTMP ExAudioTagHeader: SoundFormat UB4 (9) | AudioPacketType UB4 | FourCC
      byte[] fourCc = in.readBytes(4, "audio tag FourCC");
      throw new MalformedMediaException("unsupported audio codec FourCC '"
          + new String(fourCc, StandardCharsets.ISO_8859_1) + "' (enhanced RTMP)");
    }
    if (soundFormat != FORMAT_AAC) {
      throw new MalformedMediaException("unsupported audio sound format " + soundFormat + " ("
          + FORMAT_NAMES[soundFormat] + "), only AAC (10)");
    }
    int packetType = in.readU8("audio tag AACPacketType");
    if (packetType > RAW) {
      throw new MalformedMediaException("audio tag: unknown AACPacketType " + packetType
          + " at offset 1");
    }
    return new AudioTagHeader(packetType, in.position());
  }
}
