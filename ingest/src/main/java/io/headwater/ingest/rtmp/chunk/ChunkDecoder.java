package io.headwater.ingest.rtmp.chunk;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles RTMP messages from chunks (RTMP 1.0 section 5.3). Incremental in the manner of
 * Netty's decoders: {@link #decode} takes whatever bytes arrived, keeps a partial header in its
 * own scratch buffer and a partial message in its chunk stream's state, and never blocks. Applies
 * Set Chunk Size (5.4.1) and Abort Message (5.4.2) itself, since they change how the following
 * chunks are read, and still hands them on. Every declared size is checked against
 * {@link RtmpLimits} before allocation; a violation throws {@link RtmpProtocolException} and
 * leaves the decoder FAILED. Not thread-safe; one instance per connection.
 */
public final class ChunkDecoder {
  /** Chunk size in effect before any Set Chunk Size (section 5.4.1). */
  public static final int DEFAULT_CHUNK_SIZE = 128;
  static final int TYPE_SET_CHUNK_SIZE = 1;
  static final int TYPE_ABORT = 2;

  private enum State { BASIC_HEADER, MESSAGE_HEADER, PAYLOAD, FAILED }

  private static final int MAX_HEADER_BYTES = 3 + 11 + 4;

  private final RtmpLimits limits;
  private final Map<Integer, ChunkStreamState> streams = new HashMap<>();
  // The streams of one-byte basic headers (chunk stream ids 2..63, 5.3.1.1), which encoders use,
  // by id: looked up on every chunk header without hashing a boxed id.
  private final ChunkStreamState[] oneByteIdStreams = new ChunkStreamState[64];
  private final byte[] header = new byte[MAX_HEADER_BYTES];
  private int headerFilled;
  private int headerNeeded;
  private boolean extendedTimestampCounted;
  private State state = State.BASIC_HEADER;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private long offset;
  private long chunkOffset;
  private ChunkStreamState current;
  private int currentCsid;
  private int chunkBytesLeft;

  public ChunkDecoder(RtmpLimits limits) {
    this.limits = limits;
  }

  /** The incoming chunk size now in effect. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Whether a protocol error has made this decoder unusable. */
  public boolean failed() {
    return state == State.FAILED;
  }

  /**
   * What the peer left unfinished, for the log line when its connection ends: null at a chunk
   * boundary with no partial message, else a description such as "message of 1000 bytes on
   * chunk stream 3 has 10".
   */
  public String unfinished() {
    if (state == State.MESSAGE_HEADER) {
      return "chunk header cut after " + headerFilled + " of " + headerNeeded + " bytes";
    }
    for (Map.Entry<Integer, ChunkStreamState> e : streams.entrySet()) {
      ChunkStreamState s = e.getValue();
      if (s.messageInProgress()) {
        return "message of " + s.messageLength() + " bytes on chunk stream " + e.getKey()
            + " has " + s.bytesFilled();
      }
    }
    return null;
  }

  /** Bytes consumed so far. */
  public long bytesConsumed() {
    return offset;
  }

  /**
   * Consumes every byte of {@code in} and returns the messages completed by them, in order.
   *
   * @throws RtmpProtocolException on a protocol violation; the decoder is then FAILED
   */
  public List<RawMessage> decode(ByteBuffer in) throws RtmpProtocolException {
    if (state == State.FAILED) {
      throw new RtmpProtocolException("chunk decoder already failed at offset " + offset);
    }
    List<RawMessage> out = new ArrayList<>();
    try {
      while (in.hasRemaining()) {
        step(in, out);
      }
    } catch (RtmpProtocolException e) {
      state = State.FAILED;
      throw e;
    }
    return out;
  }

  private void step(ByteBuffer in, List<RawMessage> out) throws RtmpProtocolException {
    switch (state) {
      case BASIC_HEADER -> {
        chunkOffset = offset;
        header[0] = in.get();
        offset++;
        headerFilled = 1;
        int first = header[0] & 0xFF;
        headerNeeded = ChunkHeader.basicHeaderLength(first)
            + ChunkHeader.messageHeaderLength(first >>> 6);
        extendedTimestampCounted = false;
        state = State.MESSAGE_HEADER;
        if (headerNeeded == 1) {
          onHeaderBytes(out);
        }
      }
      case MESSAGE_HEADER -> {
        int n = Math.min(in.remaining(), headerNeeded - headerFilled);
        in.get(header, headerFilled, n);
        headerFilled += n;
        offset += n;
        if (headerFilled == headerNeeded) {
          onHeaderBytes(out);
        }
      }
      case PAYLOAD -> {
        int n = Math.min(in.remaining(), chunkBytesLeft);
        current.append(in, n);
        offset += n;
        chunkBytesLeft -= n;
        if (chunkBytesLeft == 0) {
          endChunk(out);
        }
      }
      default -> throw new IllegalStateException("decode in state " + state);
    }
  }

  /** Called whenever the scratch buffer holds {@code headerNeeded} bytes. */
  private void onHeaderBytes(List<RawMessage> out) throws RtmpProtocolException {
    int fmt = (header[0] & 0xFF) >>> 6;
    if (!extendedTimestampCounted) {
      extendedTimestampCounted = true;
      ChunkStreamState stream = streamFor(csidInScratch());
      int basicLength = ChunkHeader.basicHeaderLength(header[0] & 0xFF);
      boolean extended = fmt <= 2
          ? readU24(header, basicLength) == ChunkHeader.EXTENDED_TIMESTAMP_MARKER
          : stream.fmt3CarriesExtendedTimestamp();
      if (extended) {
        headerNeeded += 4;
        return;
      }
    }
    int carriedPayload = 0;
    if (fmt == 3 && current.messageInProgress() && current.fmt3CarriesExtendedTimestamp()
        && Math.min(chunkSize, current.messageLength() - current.bytesFilled()) >= 4
        && readU32(header, headerNeeded - 4) != current.extendedTimestampValue()) {
      // The fmt-3 rule as encoders differ on it: some (Red5 lists them) leave the extended
      // timestamp out of continuation chunks. Four bytes that do not repeat the message's
      // extended timestamp are its payload, not a timestamp.
      headerNeeded -= 4;
      carriedPayload = 4;
    }
    ChunkHeader parsed;
    try {
      parsed = ChunkHeader.read(new ByteReader(header, 0, headerNeeded),
          current.fmt3CarriesExtendedTimestamp() && carriedPayload == 0);
    } catch (MalformedMediaException e) {
      throw new IllegalStateException("header scratch of " + headerNeeded + " bytes", e);
    }
    onHeader(parsed, carriedPayload, out);
  }

  private int csidInScratch() {
    int csid = header[0] & 0x3F;
    if (csid == 0) {
      return 64 + (header[1] & 0xFF);
    } else if (csid == 1) {
      return 64 + (header[1] & 0xFF) + ((header[2] & 0xFF) << 8);
    }
    return csid;
  }

  private ChunkStreamState streamFor(int csid) throws RtmpProtocolException {
    boolean oneByteId = csid < oneByteIdStreams.length;
    ChunkStreamState stream = oneByteId ? oneByteIdStreams[csid] : streams.get(csid);
    if (stream == null) {
      if (streams.size() >= limits.maxChunkStreams()) {
        throw new RtmpProtocolException("chunk stream id " + csid + " at offset " + chunkOffset
            + " would open more than " + limits.maxChunkStreams() + " chunk streams");
      }
      stream = new ChunkStreamState();
      streams.put(csid, stream);
      if (oneByteId) {
        oneByteIdStreams[csid] = stream;
      }
    }
    current = stream;
    currentCsid = csid;
    return stream;
  }

  private void onHeader(ChunkHeader h, int carriedPayload, List<RawMessage> out)
      throws RtmpProtocolException {
    ChunkStreamState stream = current;
    if (stream.messageInProgress()) {
      if (h.fmt() != 3) {
        throw new RtmpProtocolException("fmt " + h.fmt() + " chunk on chunk stream " + currentCsid
            + " at offset " + chunkOffset + " while a message is still in progress");
      }
    } else {
      if (h.fmt() != 0 && !stream.hasHeader()) {
        throw new RtmpProtocolException("fmt " + h.fmt() + " chunk on chunk stream " + currentCsid
            + " at offset " + chunkOffset + " without a previous fmt 0 header");
      }
      if (h.fmt() <= 1 && h.messageLength() > limits.maxMessageSizeBytes()) {
        throw new RtmpProtocolException("message length " + h.messageLength() + " on chunk stream "
            + currentCsid + " at offset " + chunkOffset + " exceeds the limit of "
            + limits.maxMessageSizeBytes() + " bytes");
      }
      stream.startMessage(h);
      stream.openPayload();
    }
    chunkBytesLeft = Math.min(chunkSize, stream.messageLength() - stream.bytesFilled());
    if (carriedPayload > 0) {
      stream.append(ByteBuffer.wrap(header, headerNeeded, carriedPayload), carriedPayload);
      chunkBytesLeft -= carriedPayload;
    }
    state = State.PAYLOAD;
    if (chunkBytesLeft == 0) {
      endChunk(out);
    }
  }

  private void endChunk(List<RawMessage> out) throws RtmpProtocolException {
    state = State.BASIC_HEADER;
    if (!current.messageComplete()) {
      return;
    }
    RawMessage message = current.finishMessage(currentCsid);
    if (message.typeId() == TYPE_SET_CHUNK_SIZE) {
      chunkSize = checkedChunkSize(message);
    } else if (message.typeId() == TYPE_ABORT) {
      ChunkStreamState aborted = streams.get((int) u32(message, "Abort Message chunk stream id"));
      if (aborted != null) {
        aborted.abortMessage();
      }
    }
    out.add(message);
  }

  private int checkedChunkSize(RawMessage message) throws RtmpProtocolException {
    long value = u32(message, "Set Chunk Size");
    // 5.4.1: bit 0 must be zero; the size is 1..0x7FFFFFFF. We also cap it to our limit.
    if ((value & 0x8000_0000L) != 0) {
      throw new RtmpProtocolException("Set Chunk Size 0x" + Long.toHexString(value)
          + " before offset " + offset + " has the reserved top bit set");
    }
    if (value == 0) {
      throw new RtmpProtocolException("Set Chunk Size 0 before offset " + offset);
    }
    if (value > limits.maxChunkSizeBytes()) {
      throw new RtmpProtocolException("Set Chunk Size " + value + " before offset " + offset
          + " exceeds the limit of " + limits.maxChunkSizeBytes() + " bytes");
    }
    return (int) value;
  }

  private long u32(RawMessage message, String what) throws RtmpProtocolException {
    if (message.payload().length != 4) {
      throw new RtmpProtocolException(what + " payload of " + message.payload().length
          + " bytes before offset " + offset + ", expected 4");
    }
    return readU32(message.payload(), 0);
  }

  private static int readU24(byte[] b, int at) {
    return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
  }

  private static long readU32(byte[] b, int at) {
    return (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }
}
