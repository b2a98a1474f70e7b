package io.headwater.ingest.rtmp.session;

import static io.headwater.ingest.rtmp.amf.AmfValue.number;
import static io.headwater.ingest.rtmp.amf.AmfValue.object;
import static io.headwater.ingest.rtmp.amf.AmfValue.string;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.ExVideoTagHeader;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfObject;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfString;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.Acknowledgement;
import io.headwater.ingest.rtmp.message.RtmpMessage.AudioMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.DataMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetChunkSize;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetPeerBandwidth;
import io.headwater.ingest.rtmp.message.RtmpMessage.UserControl;
import io.headwater.ingest.rtmp.message.RtmpMessage.VideoMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.WindowAckSize;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command flow of one publishing client (RTMP 1.0 section 7.2): connect, releaseStream /
 * FCPublish, createStream, publish, then media until FCUnpublish / deleteStream / closeStream or
 * the connection ends. Replies go to a {@link MessageSender}; media goes to the
 * {@link StreamPublisher} that the {@link PublishHandler} returned, as {@link FlvTag}s with
 * unwrapped timestamps. Runs on the connection's thread; not thread-safe.
 */
public final class PublishSession {
  /** Our outgoing chunk size, announced before anything else after connect. */
  public static final int OUT_CHUNK_SIZE = 4096;
  /** Window Acknowledgement Size and Set Peer Bandwidth we announce, as FMS does. */
  public static final long WINDOW_ACK_SIZE = 2_500_000;

  static final int CSID_CONTROL = 2;
  static final int CSID_COMMAND = 3;
  static final int CSID_STREAM = 5;

  private static final Logger LOG = LoggerFactory.getLogger(PublishSession.class);
  private static final String SET_DATA_FRAME = "@setDataFrame";
  /** onStatus code of a publish that was accepted and then could not go on. */
  public static final String STATUS_PUBLISH_FAILED = "NetStream.Publish.Failed";

  private final PublishHandler handler;
  private final InetSocketAddress remote;
  private final String connectionId;
  private final MessageSender out;
  private final LongSupplier nanoClock;

  private SessionState state = SessionState.AWAIT_CONNECT;
  private String app;
  private Map<String, String> appQuery = Map.of();
  private int nextStreamId = 1;
  private long peerWindowBytes;
  private long lastAckBytes;

  private StreamPublisher publisher;
  private String publishName;
  private int publishStreamId;
  private TimestampUnwrapper unwrapper;
  private long publishStartNanos;
  private long publishMediaBytes;
  private long idleSinceNanos;

  public PublishSession(PublishHandler handler, InetSocketAddress remote, String connectionId,
      MessageSender out, LongSupplier nanoClock) {
    this.handler = handler;
    this.remote = remote;
    this.connectionId = connectionId;
    this.out = out;
    this.nanoClock = nanoClock;
    this.idleSinceNanos = nanoClock.getAsLong();
  }

  /**
   * Since when (in the session's nano clock) no media has arrived: the last audio or video
   * message while publishing, else the publish or, before any publish, the session's start.
   */
  public long idleSinceNanos() {
    return idleSinceNanos;
  }

  public SessionState state() {
    return state;
  }

  /** Whether the connection should now be closed (after sending what was queued). */
  public boolean closeRequested() {
    return state == SessionState.CLOSED;
  }

  /** Handles one incoming message. */
  public void onMessage(RtmpMessage message)
      throws RtmpProtocolException, io.headwater.packager.io.MalformedMediaException {
    if (message instanceof AudioMessage m) {
      onMedia(FlvTag.AUDIO, m.messageStreamId(), m.timestamp(), m.body());
    } else if (message instanceof VideoMessage m) {
      onMedia(FlvTag.VIDEO, m.messageStreamId(), m.timestamp(), m.body());
    } else if (message instanceof DataMessage m) {
      onData(m);
    } else if (message instanceof CommandMessage m) {
      onCommand(m);
    } else if (message instanceof WindowAckSize m) {
      peerWindowBytes = m.windowBytes();
    } else if (message instanceof UserControl m
        && m.eventType() == UserControl.EVENT_PING_REQUEST) {
      out.send(CSID_CONTROL, new UserControl(UserControl.EVENT_PING_RESPONSE, m.value(), 0));
    } else {
      LOG.debug("{} ignoring {}", connectionId, message.type());
    }
  }

  /**
   * Tells the session how many bytes the connection has received in total; sends an
   * Acknowledgement (section 5.4.3) whenever the peer's window has been crossed since the last.
   */
  public void onBytesReceived(long totalBytes) {
    if (peerWindowBytes > 0 && totalBytes - lastAckBytes >= peerWindowBytes) {
      lastAckBytes = totalBytes;
      out.send(CSID_CONTROL, new Acknowledgement(totalBytes & 0xFFFF_FFFFL));
    }
  }

  /** The connection is gone (closed, timed out or failed): ends an active publish uncleanly. */
  public void onConnectionLost() {
    endPublish(false);
    state = SessionState.CLOSED;
  }

  private void onCommand(CommandMessage command) throws RtmpProtocolException {
    switch (command.name()) {
      case "connect" -> onConnect(command);
      case "releaseStream" -> {
        requireConnected(command);
        result(command, AmfValue.UNDEFINED);
      }
      case "FCPublish" -> {
        requireConnected(command);
        String name = command.arguments().isEmpty() ? "" : stringArg(command, 0);
        out.send(CSID_COMMAND, new CommandMessage(0, "onFCPublish", 0, AmfValue.NULL, List.of(
            object("code", string("NetStream.Publish.Start"), "description", string(name)))));
        result(command, AmfValue.UNDEFINED);
      }
      case "createStream" -> {
        requireConnected(command);
        result(command, number(nextStreamId++));
      }
      case "publish" -> onPublish(command);
      case "FCUnpublish", "deleteStream", "closeStream" -> endPublish(true);
      case "getStreamLength" -> {
        // Asked by players of recorded streams; a live stream has no length (FMS answers 0).
        requireConnected(command);
        result(command, number(0));
      }
      default -> {
        LOG.debug("{} unknown command {}", connectionId, command.name());
        if (command.transactionId() > 0) {
          out.send(CSID_COMMAND, new CommandMessage(0, "_error", command.transactionId(),
              AmfValue.NULL, List.of(object("level", string("error"),
                  "code", string("NetConnection.Call.Failed"),
                  "description", string("unknown command " + command.name())))));
        }
      }
    }
  }

  private void onConnect(CommandMessage command) throws RtmpProtocolException {
    if (state != SessionState.AWAIT_CONNECT) {
      throw new RtmpProtocolException("second connect command in state " + state);
    }
    if (!(command.commandObject() instanceof AmfObject properties)
        || properties.string("app") == null) {
      throw new RtmpProtocolException("connect command without an app string property");
    }
    String rawApp = properties.string("app");
    while (rawApp.endsWith("/")) {
      rawApp = rawApp.substring(0, rawApp.length() - 1);
    }
    QueryParameters parsed = QueryParameters.parse(rawApp);
    app = parsed.name();
    appQuery = parsed.parameters();
    out.send(CSID_CONTROL, new SetChunkSize(OUT_CHUNK_SIZE));
    out.send(CSID_CONTROL, new WindowAckSize(WINDOW_ACK_SIZE));
    out.send(CSID_CONTROL, new SetPeerBandwidth(WINDOW_ACK_SIZE, SetPeerBandwidth.LIMIT_DYNAMIC));
    out.send(CSID_CONTROL, new UserControl(UserControl.EVENT_STREAM_BEGIN, 0, 0));
    out.send(CSID_COMMAND, new CommandMessage(0, "_result", command.transactionId(),
        object("fmsVer", string("FMS/3,0,1,123"), "capabilities", number(31)),
        List.of(object("level", string("status"),
            "code", string("NetConnection.Connect.Success"),
            "description", string("Connection succeeded."),
            "objectEncoding", number(0)))));
    state = SessionState.CONNECTED;
  }

  private void onPublish(CommandMessage command) throws RtmpProtocolException {
    requireConnected(command);
    if (state == SessionState.PUBLISHING) {
      throw new RtmpProtocolException("publish while already publishing " + app + "/" + publishName);
    }
    int streamId = command.messageStreamId();
    QueryParameters parsed = QueryParameters.parse(
        command.arguments().isEmpty() ? "" : stringArg(command, 0));
    Map<String, String> query = new LinkedHashMap<>(appQuery);
    query.putAll(parsed.parameters());
    try {
      StreamNames.validate(app, parsed.name());
      PublishRequest request = new PublishRequest(app, parsed.name(), query, remote,
          connectionId, publishType(command));
      StreamPublisher accepted = handler.onPublish(request);
      if (accepted == null) {
        throw new IllegalStateException("PublishHandler returned null for " + app + "/"
            + parsed.name());
      }
      publisher = accepted;
    } catch (PublishRejectedException e) {
      LOG.info("{} publish refused: {}/{} from {}: {}", connectionId, app,
          parsed.name(), remote, e.getMessage());
      onStatus(streamId, "error", e.statusCode(), e.description());
      state = SessionState.CLOSED;
      return;
    }
    publishName = parsed.name();
    publishStreamId = streamId;
    unwrapper = new TimestampUnwrapper();
    publishStartNanos = nanoClock.getAsLong();
    idleSinceNanos = publishStartNanos;
    publishMediaBytes = 0;
    state = SessionState.PUBLISHING;
    LOG.info("{} publish started: {}/{} from {}", connectionId, app, publishName, remote);
    out.send(CSID_CONTROL, new UserControl(UserControl.EVENT_STREAM_BEGIN, streamId, 0));
    onStatus(streamId, "status", "NetStream.Publish.Start", publishName + " is now published");
  }

  /**
   * The publish command's type argument (live, record, append); an absent or unknown one is
   * taken as live, as FMS does.
   */
  private static String publishType(CommandMessage command) {
    if (command.arguments().size() > 1
        && command.arguments().get(1) instanceof AmfValue.AmfString s) {
      String type = s.value();
      if (type.equals(PublishRequest.RECORD) || type.equals(PublishRequest.APPEND)) {
        return type;
      }
    }
    return PublishRequest.LIVE;
  }

  private void endPublish(boolean clean) {
    if (state != SessionState.PUBLISHING) {
      return;
    }
    StreamPublisher ended = publisher;
    publisher = null;
    state = SessionState.CONNECTED;
    long durationMs = (nanoClock.getAsLong() - publishStartNanos) / 1_000_000;
    LOG.info("{} publish ended: {}/{} {}, {} media bytes, {} ms", connectionId, app, publishName,
        clean ? "clean" : "not clean", publishMediaBytes, durationMs);
    ended.onUnpublish(clean);
  }

  private void onMedia(int tagType, int streamId, long timestamp, byte[] body)
      throws io.headwater.packager.io.MalformedMediaException {
    if (state != SessionState.PUBLISHING || streamId != publishStreamId) {
      LOG.debug("{} ignoring media type {} on stream {} in state {}", connectionId, tagType,
          streamId, state);
      return;
    }
    if (tagType == FlvTag.VIDEO && ExVideoTagHeader.isExtended(body)) {
      refuseEnhancedVideo(ExVideoTagHeader.parse(body));
      return;
    }
    if (tagType != FlvTag.SCRIPT_DATA) {
      idleSinceNanos = nanoClock.getAsLong();
    }
    publishMediaBytes += body.length;
    publisher.onTag(new FlvTag(tagType, unwrapper.unwrap(timestamp), body));
  }

  /**
   * Enhanced RTMP video (HEVC, AV1, VP9) cannot be packaged: the publisher is told why with an
   * onStatus error, rather than finding out from a dropped connection, and the publish ends.
   */
  private void refuseEnhancedVideo(ExVideoTagHeader header) {
    String description = "video codec " + header.describe()
        + " (enhanced RTMP) is not supported; publish H.264 (FLV CodecID 7)";
    LOG.warn("{} publish refused: {}/{} from {}: {}", connectionId, app, publishName, remote,
        description);
    onStatus(publishStreamId, "error", STATUS_PUBLISH_FAILED, description);
    endPublish(false);
    state = SessionState.CLOSED;
  }

  private void onData(DataMessage data) throws io.headwater.packager.io.MalformedMediaException {
    if (state != SessionState.PUBLISHING || data.messageStreamId() != publishStreamId) {
      LOG.debug("{} ignoring data message on stream {} in state {}", connectionId,
          data.messageStreamId(), state);
      return;
    }
    onMedia(FlvTag.SCRIPT_DATA, data.messageStreamId(), data.timestamp(),
        ScriptData.withoutSetDataFrame(data.body(), SET_DATA_FRAME));
  }

  private void requireConnected(CommandMessage command) throws RtmpProtocolException {
    if (state == SessionState.AWAIT_CONNECT) {
      throw new RtmpProtocolException(command.name() + " command before connect");
    }
  }

  private void result(CommandMessage command, AmfValue value) {
    if (command.transactionId() > 0) {
      out.send(CSID_COMMAND, new CommandMessage(0, "_result", command.transactionId(),
          AmfValue.NULL, List.of(value)));
    }
  }

  private void onStatus(int streamId, String level, String code, String description) {
    out.send(CSID_STREAM, new CommandMessage(streamId, "onStatus", 0, AmfValue.NULL,
        List.of(object("level", string(level), "code", string(code),
            "description", string(description)))));
  }

  private static String stringArg(CommandMessage command, int index)
      throws RtmpProtocolException {
    if (command.arguments().size() <= index
        || !(command.arguments().get(index) instanceof AmfString s)) {
      throw new RtmpProtocolException(command.name() + " argument " + index + " is not a string");
    }
    return s.value();
  }
}
