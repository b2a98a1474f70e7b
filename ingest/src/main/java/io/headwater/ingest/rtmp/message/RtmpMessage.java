package io.headwater.ingest.rtmp.message;

import io.headwater.ingest.rtmp.amf.AmfValue;
import java.util.List;
import java.util.Objects;

/** A decoded RTMP message (RTMP 1.0 sections 5.4, 6.2 and 7.1). */
public sealed interface RtmpMessage {
  /** The message's type id. */
  MessageType type();

  /** The message stream it travels on; 0 for protocol control messages. */
  default int messageStreamId() {
    return 0;
  }

  /** Set Chunk Size (5.4.1). */
  record SetChunkSize(int chunkSizeBytes) implements RtmpMessage {
    @Override
    public MessageType type() {
      return MessageType.SET_CHUNK_SIZE;
    }
  }

  /** Abort Message (5.4.2): drop the partial message on a chunk stream. */
  record Abort(int chunkStreamId) implements RtmpMessage {
    @Override
    public MessageType type() {
      return MessageType.ABORT;
    }
  }

  /** Acknowledgement (5.4.3): bytes received so far, modulo 2^32. */
  record Acknowledgement(long sequenceNumber) implements RtmpMessage {
    @Override
    public MessageType type() {
      return MessageType.ACKNOWLEDGEMENT;
    }
  }

  /**
   * User Control Message (6.2, 7.1.7).
   *
   * @param eventType one of the {@code EVENT_} constants
   * @param value the stream id or, for pings, the timestamp
   * @param bufferLengthMs the buffer length of Set Buffer Length, else 0
   */
  record UserControl(int eventType, long value, long bufferLengthMs) implements RtmpMessage {
    public static final int EVENT_STREAM_BEGIN = 0;
    public static final int EVENT_STREAM_EOF = 1;
    public static final int EVENT_STREAM_DRY = 2;
    public static final int EVENT_SET_BUFFER_LENGTH = 3;
    public static final int EVENT_STREAM_IS_RECORDED = 4;
    public static final int EVENT_PING_REQUEST = 6;
    public static final int EVENT_PING_RESPONSE = 7;

    @Override
    public MessageType type() {
      return MessageType.USER_CONTROL;
    }
  }

  /** Window Acknowledgement Size (5.4.4). */
  record WindowAckSize(long windowBytes) implements RtmpMessage {
    @Override
    public MessageType type() {
      return MessageType.WINDOW_ACK_SIZE;
    }
  }

  /** Set Peer Bandwidth (5.4.5); limitType 0 hard, 1 soft, 2 dynamic. */
  record SetPeerBandwidth(long windowBytes, int limitType) implements RtmpMessage {
    public static final int LIMIT_DYNAMIC = 2;

    @Override
    public MessageType type() {
      return MessageType.SET_PEER_BANDWIDTH;
    }
  }

  /** Audio message (7.1.4): an FLV audio tag body. */
  record AudioMessage(long timestamp, int messageStreamId, byte[] body) implements RtmpMessage {
    public AudioMessage {
      Objects.requireNonNull(body, "body");
    }

    @Override
    public MessageType type() {
      return MessageType.AUDIO;
    }
  }

  /** Video message (7.1.5): an FLV video tag body. */
  record VideoMessage(long timestamp, int messageStreamId, byte[] body) implements RtmpMessage {
    public VideoMessage {
      Objects.requireNonNull(body, "body");
    }

    @Override
    public MessageType type() {
      return MessageType.VIDEO;
    }
  }

  /** Data message (7.1.2) with an AMF0 body, e.g. {@code @setDataFrame, onMetaData, {...}}. */
  record DataMessage(long timestamp, int messageStreamId, byte[] body) implements RtmpMessage {
    public DataMessage {
      Objects.requireNonNull(body, "body");
    }

    @Override
    public MessageType type() {
      return MessageType.DATA_AMF0;
    }
  }

  /**
   * Command message (7.1.1, 7.2): name, transaction id, command object (AMF0 null if none) and
   * the optional arguments after it.
   */
  record CommandMessage(int messageStreamId, String name, double transactionId,
      AmfValue commandObject, List<AmfValue> arguments) implements RtmpMessage {
    public CommandMessage {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(commandObject, "commandObject");
      arguments = List.copyOf(arguments);
    }

    @Override
    public MessageType type() {
      return MessageType.COMMAND_AMF0;
    }
  }
}
