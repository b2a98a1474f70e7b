package io.headwater.ingest.rtmp.message;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.rtmp.amf.Amf0Reader;
import io.headwater.ingest.rtmp.amf.Amf0Writer;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfString;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.Abort;
import io.headwater.ingest.rtmp.message.RtmpMessage.Acknowledgement;
import io.headwater.ingest.rtmp.message.RtmpMessage.AudioMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.DataMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetChunkSize;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetPeerBandwidth;
import io.headwater.ingest.rtmp.message.RtmpMessage.UserControl;
import io.headwater.ingest.rtmp.message.RtmpMessage.VideoMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.WindowAckSize;
import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import java.util.Arrays;
import java.util.List;

/** Converts between chunk-layer {@link RawMessage}s and typed {@link RtmpMessage}s. */
public final class MessageCodec {
  private MessageCodec() {}

  /**
   * Decodes one message. Shared-object and aggregate messages are refused; AMF3 command and data
   * messages (17, 15) are accepted when their body is AMF0 behind a leading 0x00 byte, which is
   * what ffmpeg-family clients send, and refused otherwise.
   */
  public static RtmpMessage decode(RawMessage raw) throws RtmpProtocolException {
    MessageType type = MessageType.of(raw.typeId());
    byte[] body = raw.payload();
    try {
      ByteReader in = new ByteReader(body);
      return switch (type) {
        case SET_CHUNK_SIZE -> new SetChunkSize((int) (in.readU32("Set Chunk Size") & 0x7FFF_FFFF));
        case ABORT -> new Abort((int) in.readU32("Abort chunk stream id"));
        case ACKNOWLEDGEMENT -> new Acknowledgement(in.readU32("Acknowledgement sequence number"));
        case WINDOW_ACK_SIZE -> new WindowAckSize(in.readU32("Window Acknowledgement Size"));
        case SET_PEER_BANDWIDTH -> new SetPeerBandwidth(in.readU32("Set Peer Bandwidth size"),
            in.readU8("Set Peer Bandwidth limit type"));
        case USER_CONTROL -> decodeUserControl(in);
        case AUDIO -> new AudioMessage(raw.timestamp(), raw.messageStreamId(), body);
        case VIDEO -> new VideoMessage(raw.timestamp(), raw.messageStreamId(), body);
        case DATA_AMF0 -> new DataMessage(raw.timestamp(), raw.messageStreamId(), body);
        case DATA_AMF3 -> new DataMessage(raw.timestamp(), raw.messageStreamId(),
            Arrays.copyOfRange(body, amf0BehindAmf3Marker(body, type), body.length));
        case COMMAND_AMF0 -> decodeCommand(raw.messageStreamId(), in);
        case COMMAND_AMF3 -> {
          in.skip(amf0BehindAmf3Marker(body, type), "AMF3 command format byte");
          yield decodeCommand(raw.messageStreamId(), in);
        }
        default -> throw new RtmpProtocolException("unsupported RTMP message type " + type
            + " (" + raw.typeId() + ") on chunk stream " + raw.chunkStreamId());
      };
    } catch (MalformedMediaException e) {
      throw new RtmpProtocolException("malformed " + type + " message on chunk stream "
          + raw.chunkStreamId() + ": " + e.getMessage(), e);
    }
  }

  private static int amf0BehindAmf3Marker(byte[] body, MessageType type)
      throws RtmpProtocolException {
    if (body.length == 0 || body[0] != 0) {
      throw new RtmpProtocolException(type + " message with AMF3 encoding is not supported"
          + " (objectEncoding 0 was announced)");
    }
    return 1;
  }

  private static UserControl decodeUserControl(ByteReader in) throws MalformedMediaException {
    // 7.1.7: event type (2 bytes) | event data
    int event = in.readU16("User Control event type");
    long value = in.bytesLeft() >= 4 ? in.readU32("User Control event data") : 0;
    long bufferLength = event == UserControl.EVENT_SET_BUFFER_LENGTH
        ? in.readU32("Set Buffer Length milliseconds") : 0;
    return new UserControl(event, value, bufferLength);
  }

  private static CommandMessage decodeCommand(int streamId, ByteReader in)
      throws MalformedMediaException {
    // 7.1.1: command name (string) | transaction id (number) | command object | arguments...
    Amf0Reader amf = new Amf0Reader(in);
    if (!(amf.read() instanceof AmfString name)) {
      throw new MalformedMediaException("command name is not an AMF0 string at offset 0");
    }
    double transactionId = 0;
    AmfValue commandObject = AmfValue.NULL;
    if (amf.hasMore()) {
      AmfValue txn = amf.read();
      transactionId = txn instanceof AmfValue.AmfNumber n ? n.value() : 0;
    }
    if (amf.hasMore()) {
      commandObject = amf.read();
    }
    List<AmfValue> args = amf.readAll();
    return new CommandMessage(streamId, name.value(), transactionId, commandObject, args);
  }

  /** Encodes {@code message} for sending on chunk stream {@code csid} at {@code timestamp}. */
  public static RawMessage encode(RtmpMessage message, int csid, long timestamp) {
    ByteWriter out = new ByteWriter(64);
    if (message instanceof SetChunkSize m) {
      out.u32(m.chunkSizeBytes() & 0x7FFF_FFFFL);
    } else if (message instanceof Abort m) {
      out.u32(m.chunkStreamId());
    } else if (message instanceof Acknowledgement m) {
      out.u32(m.sequenceNumber());
    } else if (message instanceof WindowAckSize m) {
      out.u32(m.windowBytes());
    } else if (message instanceof SetPeerBandwidth m) {
      out.u32(m.windowBytes()).u8(m.limitType());
    } else if (message instanceof UserControl m) {
      out.u16(m.eventType()).u32(m.value());
      if (m.eventType() == UserControl.EVENT_SET_BUFFER_LENGTH) {
        out.u32(m.bufferLengthMs());
      }
    } else if (message instanceof AudioMessage m) {
      out.bytes(m.body());
    } else if (message instanceof VideoMessage m) {
      out.bytes(m.body());
    } else if (message instanceof DataMessage m) {
      out.bytes(m.body());
    } else if (message instanceof CommandMessage m) {
      Amf0Writer.write(out, AmfValue.string(m.name()));
      Amf0Writer.write(out, AmfValue.number(m.transactionId()));
      Amf0Writer.write(out, m.commandObject());
      for (AmfValue arg : m.arguments()) {
        Amf0Writer.write(out, arg);
      }
    }
    return new RawMessage(csid, message.type().wireValue(), timestamp, message.messageStreamId(),
        out.toByteArray());
  }
}
