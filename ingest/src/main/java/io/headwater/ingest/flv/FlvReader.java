package io.headwater.ingest.flv;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads the tags of an FLV file (FLV spec E.2 header, E.3 body, E.4.1 tag) from a stream,
 * one {@link FlvTag} per {@link #next()} call, with 32-bit timestamps unwrapped to 64 bits.
 *
 * <pre>
 * header: "FLV" | version u8 | flags u8 (UB5 0, audio UB1, UB1 0, video UB1) | DataOffset u32
 * body:   PreviousTagSize0 u32 | tag | PreviousTagSize u32 | tag | ...
 * tag:    UB2 reserved | Filter UB1 | TagType UB5 | DataSize u24 | Timestamp u24
 *         | TimestampExtended u8 | StreamID u24 | Data[DataSize]
 * </pre>
 *
 * <p>Every DataSize is checked against a cap before the body is allocated. Not thread-safe.
 */
public final class FlvReader {
  /** Largest tag body accepted by default: room for a 4K keyframe at a high bitrate. */
  public static final int DEFAULT_MAX_TAG_BYTES = 8 * 1024 * 1024;
  /** Largest DataOffset accepted: the version 1 header is 9 bytes; later ones may be longer. */
  static final long MAX_HEADER_BYTES = 1024;

  private static final int FLV_HEADER_BYTES = 9;
  private static final int TAG_HEADER_BYTES = 11;
  private static final int PREVIOUS_TAG_SIZE_BYTES = 4;

  private final InputStream in;
  private final int maxTagBytes;
  /** Scratch for each tag's PreviousTagSize, which is read and not kept. */
  private final byte[] previousTagSize = new byte[PREVIOUS_TAG_SIZE_BYTES];
  private FlvHeader header;
  private long offset;
  private boolean ended;
  private boolean haveTimestamp;
  private long lastRawTimestampMs;
  private long lastTimestampMs;

  /** A reader with the {@link #DEFAULT_MAX_TAG_BYTES} cap. */
  public FlvReader(InputStream in) {
    this(in, DEFAULT_MAX_TAG_BYTES);
  }

  /** A reader that refuses tags whose DataSize is above {@code maxTagBytes}. */
  public FlvReader(InputStream in, int maxTagBytes) {
    this.in = Objects.requireNonNull(in, "in");
    if (maxTagBytes <= 0) {
      throw new IllegalArgumentException("maxTagBytes " + maxTagBytes);
    }
    this.maxTagBytes = maxTagBytes;
  }

  /** The file header, reading it first if no tag has been read yet. */
  public FlvHeader header() throws IOException, MalformedMediaException {
    if (header == null) {
      header = readHeader();
    }
    return header;
  }

  /** Bytes consumed from the stream so far. */
  public long offset() {
    return offset;
  }

  /**
   * The next tag, or null at a clean end of the file (after a complete tag and its
   * PreviousTagSize, or before any tag). A file cut inside a tag is malformed.
   */
  public FlvTag next() throws IOException, MalformedMediaException {
    header();
    if (ended) {
      return null;
    }
    long tagOffset = offset;
    byte[] tagHeader = new byte[TAG_HEADER_BYTES];
    int got = readFully(tagHeader);
    if (got == 0) {
      ended = true;
      return null;
    }
    if (got < TAG_HEADER_BYTES) {
      throw new MalformedMediaException("truncated FLV tag header at offset " + tagOffset
          + ": " + got + " of " + TAG_HEADER_BYTES + " bytes");
    }
    // FLV spec E.4.1 FLVTAG
    ByteReader h = new ByteReader(tagHeader);
    int flags = h.readU8("FLV TagType");
    if ((flags & 0x20) != 0) { // Filter UB1: encrypted or otherwise pre-processed
      throw new MalformedMediaException("FLV tag at offset " + tagOffset
          + " has the Filter bit set (encrypted tags are not supported)");
    }
    int tagType = flags & 0x1F; // TagType UB5 (8 audio, 9 video, 18 script data)
    int dataSize = h.readU24("FLV DataSize");
    long timestamp = h.readU24("FLV Timestamp");
    timestamp |= (long) h.readU8("FLV TimestampExtended") << 24; // upper 8 bits
    h.skip(3, "FLV StreamID"); // always 0
    if (dataSize > maxTagBytes) {
      throw new MalformedMediaException("FLV DataSize " + dataSize + " at offset "
          + (tagOffset + 1) + " exceeds the limit of " + maxTagBytes + " bytes");
    }
    byte[] body = new byte[dataSize];
    int bodyBytes = readFully(body);
    if (bodyBytes < dataSize) {
      throw new MalformedMediaException("truncated FLV tag body at offset "
          + (tagOffset + TAG_HEADER_BYTES) + ": " + bodyBytes + " of " + dataSize + " bytes");
    }
    // PreviousTagSize (E.3): not checked, since muxers get it wrong; a file may end without it.
    int sizeBytes = readFully(previousTagSize);
    if (sizeBytes == 0) {
      ended = true;
    } else if (sizeBytes < PREVIOUS_TAG_SIZE_BYTES) {
      throw new MalformedMediaException("truncated FLV PreviousTagSize at offset "
          + (offset - sizeBytes) + ": " + sizeBytes + " of 4 bytes");
    }
    return new FlvTag(tagType, unwrap(timestamp), body);
  }

  private FlvHeader readHeader() throws IOException, MalformedMediaException {
    byte[] bytes = new byte[FLV_HEADER_BYTES];
    int got = readFully(bytes);
    if (got < FLV_HEADER_BYTES) {
      throw new MalformedMediaException("truncated FLV header: " + got + " of "
          + FLV_HEADER_BYTES + " bytes");
    }
    // FLV spec E.2 The FLV header
    ByteReader h = new ByteReader(bytes);
    if (h.readU8("FLV Signature") != 'F' || h.readU8("FLV Signature") != 'L'
        || h.readU8("FLV Signature") != 'V') {
      throw new MalformedMediaException("bad FLV Signature at offset 0: not \"FLV\"");
    }
    int version = h.readU8("FLV Version");
    if (version != 1) {
      throw new MalformedMediaException("unsupported FLV Version " + version + " at offset 3");
    }
    int flags = h.readU8("FLV TypeFlags");
    boolean hasAudio = (flags & 0x04) != 0; // TypeFlagsAudio UB1
    boolean hasVideo = (flags & 0x01) != 0; // TypeFlagsVideo UB1
    long dataOffset = h.readU32("FLV DataOffset");
    if (dataOffset < FLV_HEADER_BYTES || dataOffset > MAX_HEADER_BYTES) {
      throw new MalformedMediaException("FLV DataOffset " + dataOffset + " at offset 5 outside "
          + FLV_HEADER_BYTES + ".." + MAX_HEADER_BYTES);
    }
    byte[] rest = new byte[(int) (dataOffset - FLV_HEADER_BYTES) + PREVIOUS_TAG_SIZE_BYTES];
    int restBytes = readFully(rest);
    if (restBytes < rest.length) {
      throw new MalformedMediaException("truncated FLV header and PreviousTagSize0 at offset "
          + FLV_HEADER_BYTES + ": " + restBytes + " of " + rest.length + " bytes");
    }
    return new FlvHeader(version, hasAudio, hasVideo, dataOffset);
  }

  /**
   * Extends the 32-bit millisecond timestamp to 64 bits: the step from the previous tag is taken
   * as a signed 32-bit difference, so a wrap after 2^32 ms continues forward while the small
   * backward steps of interleaved audio and video stay backward.
   */
  private long unwrap(long rawMs) {
    if (!haveTimestamp) {
      haveTimestamp = true;
      lastRawTimestampMs = rawMs;
      lastTimestampMs = rawMs;
      return rawMs;
    }
    int stepMs = (int) (rawMs - lastRawTimestampMs);
    lastRawTimestampMs = rawMs;
    lastTimestampMs += stepMs;
    return lastTimestampMs;
  }

  /** Reads until {@code buffer} is full or the stream ends; returns the bytes read. */
  private int readFully(byte[] buffer) throws IOException {
    int n = in.readNBytes(buffer, 0, buffer.length);
    offset += n;
    return n;
  }
}
