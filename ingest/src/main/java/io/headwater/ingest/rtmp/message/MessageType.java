package io.headwater.ingest.rtmp.message;

import io.headwater.ingest.RtmpProtocolException;

/** RTMP message type ids (RTMP 1.0 sections 5.4 and 7.1). */
public enum MessageType {
  SET_CHUNK_SIZE(1),
  ABORT(2),
  ACKNOWLEDGEMENT(3),
  USER_CONTROL(4),
  WINDOW_ACK_SIZE(5),
  SET_PEER_BANDWIDTH(6),
  AUDIO(8),
  VIDEO(9),
  DATA_AMF3(15),
  SHARED_OBJECT_AMF3(16),
  COMMAND_AMF3(17),
  DATA_AMF0(18),
  SHARED_OBJECT_AMF0(19),
  COMMAND_AMF0(20),
  AGGREGATE(22);

  private static final MessageType[] BY_WIRE_VALUE = new MessageType[23];

  static {
    for (MessageType t : values()) {
      BY_WIRE_VALUE[t.wireValue] = t;
    }
  }

  private final int wireValue;

  MessageType(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  /** The type with wire value {@code typeId}; unknown ids are a protocol error. */
  public static MessageType of(int typeId) throws RtmpProtocolException {
    MessageType t = typeId >= 0 && typeId < BY_WIRE_VALUE.length ? BY_WIRE_VALUE[typeId] : null;
    if (t == null) {
      throw new RtmpProtocolException("unknown RTMP message type id " + typeId);
    }
    return t;
  }
}
