package io.headwater.ingest.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetPeerBandwidth;
import io.headwater.ingest.rtmp.message.RtmpMessage.UserControl;
import io.headwater.ingest.rtmp.message.RtmpMessage.WindowAckSize;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void encodesControlMessagesPerSection5() {
    assertThat(MessageCodec.encode(new WindowAckSize(2_500_000), 2, 0).payload())
        .isEqualTo(hex("002625a0"));
    assertThat(MessageCodec.encode(new SetPeerBandwidth(2_500_000, 2), 2, 0).payload())
        .isEqualTo(hex("002625a0 02")); // size, limit type dynamic
    RawMessage begin = MessageCodec.encode(new UserControl(0, 1, 0), 2, 0);
    assertThat(begin.typeId()).isEqualTo(4);
    assertThat(begin.payload()).isEqualTo(hex("0000 00000001")); // Stream Begin, stream 1
  }

  @Test
  void commandRoundTrips() throws Exception {
    CommandMessage command = new CommandMessage(1, "publish", 5, AmfValue.NULL,
        List.of(AmfValue.string("cam"), AmfValue.string("live")));
    RawMessage raw = MessageCodec.encode(command, 8, 0);
    assertThat(raw.typeId()).isEqualTo(20);
    assertThat(MessageCodec.decode(raw)).isEqualTo(command);
  }

  @Test
  void amf3CommandWithLeadingZeroIsReadAsAmf0() throws Exception {
    byte[] amf0 = MessageCodec.encode(new CommandMessage(0, "connect", 1,
        AmfValue.object("app", AmfValue.string("live")), List.of()), 3, 0).payload();
    byte[] amf3 = new byte[amf0.length + 1];
    System.arraycopy(amf0, 0, amf3, 1, amf0.length);

    RtmpMessage decoded = MessageCodec.decode(new RawMessage(3, 17, 0, 0, amf3));
    assertThat(decoded).isInstanceOf(CommandMessage.class);
    assertThat(((CommandMessage) decoded).name()).isEqualTo("connect");
  }

  @Test
  void unsupportedAndUnknownTypesAreRefused() {
    assertThatThrownBy(() -> MessageCodec.decode(new RawMessage(3, 22, 0, 1, new byte[0])))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("AGGREGATE");
    assertThatThrownBy(() -> MessageCodec.decode(new RawMessage(3, 7, 0, 1, new byte[0])))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("type id 7");
    assertThatThrownBy(() -> MessageCodec.decode(new RawMessage(3, 17, 0, 1, hex("0a0b"))))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("AMF3");
  }
}
