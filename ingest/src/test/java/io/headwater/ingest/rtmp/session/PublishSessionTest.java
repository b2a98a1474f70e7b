package io.headwater.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.Acknowledgement;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetChunkSize;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetPeerBandwidth;
import io.headwater.ingest.rtmp.message.RtmpMessage.VideoMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.WindowAckSize;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishSessionTest {
  private final List<RtmpMessage> sent = new ArrayList<>();
  private final List<FlvTag> tags = new ArrayList<>();
  private final List<Boolean> unpublished = new ArrayList<>();
  private final List<io.headwater.ingest.PublishRequest> requests = new ArrayList<>();
  private final PublishSession session = new PublishSession(request -> {
    requests.add(request);
    return new StreamPublisher() {
    @Override
    public void onTag(FlvTag tag) {
      tags.add(tag);
    }

    @Override
    public void onUnpublish(boolean clean) {
      unpublished.add(clean);
    }
  };
  }, new InetSocketAddress("127.0.0.1", 5000), "test-conn", (csid, m) -> sent.add(m), () -> 0);

  private void connect() throws Exception {
    session.onMessage(new CommandMessage(0, "connect", 1,
        AmfValue.object("app", AmfValue.string("live")), List.of()));
  }

  @Test
  void connectAnnouncesChunkSizeFirstThenWindowsThenResult() throws Exception {
    connect();
    assertThat(sent.get(0)).isEqualTo(new SetChunkSize(4096));
    assertThat(sent.get(1)).isEqualTo(new WindowAckSize(2_500_000));
    assertThat(sent.get(2)).isEqualTo(new SetPeerBandwidth(2_500_000, 2));
    CommandMessage result = (CommandMessage) sent.get(sent.size() - 1);
    assertThat(result.name()).isEqualTo("_result");
    assertThat(result.transactionId()).isEqualTo(1);
    AmfValue.AmfObject info = (AmfValue.AmfObject) result.arguments().get(0);
    assertThat(info.string("code")).isEqualTo("NetConnection.Connect.Success");
    assertThat(info.number("objectEncoding")).isEqualTo(0);
    assertThat(session.state()).isEqualTo(SessionState.CONNECTED);
  }

  @Test
  void acknowledgesWhenThePeerWindowIsCrossed() throws Exception {
    connect();
    session.onMessage(new WindowAckSize(1000));
    sent.clear();
    session.onBytesReceived(999);
    assertThat(sent).isEmpty();
    session.onBytesReceived(1000);
    session.onBytesReceived(1500);
    session.onBytesReceived(2100);
    assertThat(sent).containsExactly(new Acknowledgement(1000), new Acknowledgement(2100));
  }

  @Test
  void unknownCommandWithTransactionGetsError() throws Exception {
    connect();
    sent.clear();
    session.onMessage(new CommandMessage(0, "getFancy", 7, AmfValue.NULL, List.of()));
    session.onMessage(new CommandMessage(0, "noReplyWanted", 0, AmfValue.NULL, List.of()));
    assertThat(sent).singleElement().satisfies(m -> {
      assertThat(((CommandMessage) m).name()).isEqualTo("_error");
      assertThat(((CommandMessage) m).transactionId()).isEqualTo(7);
    });
  }

  @Test
  void getStreamLengthIsAnsweredWithZeroForALiveStream() throws Exception {
    connect();
    sent.clear();
    session.onMessage(new CommandMessage(0, "getStreamLength", 4, AmfValue.NULL,
        List.of(AmfValue.string("cam"))));
    assertThat(sent).singleElement().satisfies(m -> {
      CommandMessage c = (CommandMessage) m;
      assertThat(c.name()).isEqualTo("_result");
      assertThat(c.transactionId()).isEqualTo(4);
      assertThat(c.arguments()).containsExactly(AmfValue.number(0));
    });
  }

  @ParameterizedTest
  @CsvSource({"live, live", "record, record", "append, append", "appendWithGap, live",
      "'', live"})
  void thePublishTypeArgumentReachesTheHandler(String argument, String type) throws Exception {
    connect();
    session.onMessage(new CommandMessage(0, "createStream", 2, AmfValue.NULL, List.of()));
    session.onMessage(new CommandMessage(1, "publish", 3, AmfValue.NULL,
        List.of(AmfValue.string("cam"), AmfValue.string(argument))));
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo(type);
      assertThat(r.asksForRecording()).isEqualTo(!type.equals("live"));
    });
  }

  @Test
  void publishBeforeConnectIsAProtocolError() {
    assertThatThrownBy(() -> session.onMessage(new CommandMessage(1, "publish", 5, AmfValue.NULL,
        List.of(AmfValue.string("cam")))))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("before connect");
  }

  @Test
  void mediaBeforePublishIsIgnoredAndConnectionLossEndsThePublishOnce() throws Exception {
    connect();
    session.onMessage(new VideoMessage(0, 1, new byte[] {0x17, 0}));
    assertThat(tags).isEmpty();
    session.onMessage(new CommandMessage(0, "createStream", 2, AmfValue.NULL, List.of()));
    session.onMessage(new CommandMessage(1, "publish", 3, AmfValue.NULL,
        List.of(AmfValue.string("cam"), AmfValue.string("live"))));
    session.onMessage(new VideoMessage(0xFFFF_FFF0L, 1, new byte[] {0x17, 0}));
    session.onMessage(new VideoMessage(0x10, 1, new byte[] {0x27, 1}));
    session.onConnectionLost();
    session.onConnectionLost();
    assertThat(tags).extracting(FlvTag::timestampMs).containsExactly(0xFFFF_FFF0L, 0x1_0000_0010L);
    assertThat(unpublished).containsExactly(false);
  }
}
