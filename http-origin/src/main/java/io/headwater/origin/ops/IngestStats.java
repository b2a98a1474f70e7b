package io.headwater.origin.ops;

import io.headwater.ingest.flv.FlvTag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * What one stream's publisher sends, measured from its FLV tags: frames, keyframe interval,
 * frame rate and per-track bitrate over the last 10 s of media time, the encoder's name from
 * onMetaData, and the latest H.264 keyframe for thumbnails. Written on the publisher's thread,
 * read by HTTP threads; every method is synchronized and O(1) amortized.
 */
public final class IngestStats {
  /** The bitrate and frame-rate window, in media milliseconds. */
  public static final long WINDOW_MS = 10_000;
  private static final int MAX_KEYFRAME_BYTES = 8 << 20;

  /**
   * The most tags the window holds; beyond it the oldest leave early and the rates are taken
   * over the shorter span they cover (a publisher of many tags with one timestamp cannot grow
   * it).
   */
  static final int MAX_WINDOW_TAGS = 8192;

  /**
   * The latest H.264 keyframe with the decoder configuration it needs, as one consistent value.
   *
   * @param avcConfig the AVCDecoderConfigurationRecord tag body in force when it arrived
   * @param tag the keyframe's VIDEODATA tag body
   * @param number counts keyframes kept by this stream, 1 for the first
   * @param receivedAt when the origin received it (the thumbnail's Last-Modified)
   */
  record Keyframe(byte[] avcConfig, byte[] tag, long number, Instant receivedAt) {}

  private final Clock clock;

  // The window as a ring of primitives, oldest at head: no object per tag. Audio tags' sizes are
  // stored complemented (~size, always negative).
  private long[] windowMs = new long[256];
  private int[] windowSizes = new int[256];
  private int head;
  private int count;
  private long windowVideoBytes;
  private long windowAudioBytes;
  private int windowVideoFrames;
  private String remote = "";
  private String encoder = "";
  private Instant publishStartedAt;
  private int publishes;
  private long videoFrames;
  private long audioFrames;
  private long keyframes;
  private long firstKeyframeMs = -1;
  private long lastKeyframeMs = -1;
  private byte[] avcConfig;
  private byte[] latestKeyframe;
  private long latestKeyframeNumber;
  private Keyframe latest;

  /** Measurements whose keyframe arrival times come from {@code clock}. */
  IngestStats(Clock clock) {
    this.clock = clock;
  }

  /** Empty measurements, for streams that never published here. */
  IngestStats() {
    this(Clock.systemUTC());
  }

  synchronized void onPublish(String remoteAddress, Instant now) {
    remote = remoteAddress;
    publishStartedAt = now;
    publishes++;
    head = 0;
    count = 0;
    windowVideoBytes = 0;
    windowAudioBytes = 0;
    windowVideoFrames = 0;
  }

  synchronized void onTag(FlvTag tag) {
    byte[] b = tag.body();
    if (tag.type() == FlvTag.SCRIPT_DATA) {
      String e = amfStringAfter(b, "encoder");
      if (e != null) {
        encoder = e;
      }
      return;
    }
    boolean video = tag.type() == FlvTag.VIDEO;
    if (!video && tag.type() != FlvTag.AUDIO) {
      return;
    }
    if (video && b.length >= 5 && (b[0] & 0x0f) == 7) { // E.4.3.1 VIDEODATA: CodecID 7 = AVC
      int frameType = (b[0] >> 4) & 0x0f;
      int packetType = b[1];
      if (packetType == 0) { // AVCPacketType 0: AVCDecoderConfigurationRecord
        avcConfig = b.clone();
        return;
      }
      if (packetType != 1) {
        return;
      }
      videoFrames++;
      if (frameType == 1) {
        keyframes++;
        if (firstKeyframeMs < 0) {
          firstKeyframeMs = tag.timestampMs();
        }
        lastKeyframeMs = tag.timestampMs();
        if (b.length <= MAX_KEYFRAME_BYTES) {
          latestKeyframe = b;
          latestKeyframeNumber++;
          latest = avcConfig == null ? null
              : new Keyframe(avcConfig, b, latestKeyframeNumber, clock.instant());
        }
      }
    } else if (!video && b.length >= 2 && ((b[0] >> 4) & 0x0f) == 10) { // E.4.2.1: 10 = AAC
      if (b[1] != 1) { // AACPacketType 0: AudioSpecificConfig
        return;
      }
      audioFrames++;
    }
    long now = tag.timestampMs();
    if (count == MAX_WINDOW_TAGS) {
      dropOldest();
    } else if (count == windowMs.length) {
      grow();
    }
    int at = (head + count) & (windowMs.length - 1);
    windowMs[at] = now;
    windowSizes[at] = video ? b.length : ~b.length;
    count++;
    if (video) {
      windowVideoBytes += b.length;
      windowVideoFrames++;
    } else {
      windowAudioBytes += b.length;
    }
    while (count > 0 && windowMs[head] <= now - WINDOW_MS) {
      dropOldest();
    }
  }

  private void dropOldest() {
    int size = windowSizes[head];
    if (size >= 0) {
      windowVideoBytes -= size;
      windowVideoFrames--;
    } else {
      windowAudioBytes -= ~size;
    }
    head = (head + 1) & (windowMs.length - 1);
    count--;
  }

  /** Doubles the ring (its length stays a power of two), oldest first at index 0. */
  private void grow() {
    long[] ms = new long[windowMs.length * 2];
    int[] sizes = new int[ms.length];
    for (int i = 0; i < count; i++) {
      int from = (head + i) & (windowMs.length - 1);
      ms[i] = windowMs[from];
      sizes[i] = windowSizes[from];
    }
    windowMs = ms;
    windowSizes = sizes;
    head = 0;
  }

  /** A consistent copy of the measurements. */
  public synchronized Snapshot snapshot() {
    long spanMs = count == 0 ? 0
        : windowMs[(head + count - 1) & (windowMs.length - 1)] - windowMs[head];
    double spanS = spanMs / 1000.0;
    long videoBps = spanMs <= 0 ? 0 : Math.round(windowVideoBytes * 8 / spanS);
    long audioBps = spanMs <= 0 ? 0 : Math.round(windowAudioBytes * 8 / spanS);
    double fps = spanMs <= 0 || windowVideoFrames < 2 ? 0
        : firstToLastVideoRate();
    double keyInterval = keyframes < 2 ? 0
        : (lastKeyframeMs - firstKeyframeMs) / 1000.0 / (keyframes - 1);
    return new Snapshot(remote, encoder, publishStartedAt, publishes, videoFrames, audioFrames,
        keyframes, keyInterval, fps, videoBps, audioBps);
  }

  private double firstToLastVideoRate() {
    long first = -1;
    long last = -1;
    for (int i = 0; i < count; i++) {
      int at = (head + i) & (windowMs.length - 1);
      if (windowSizes[at] >= 0) {
        if (first < 0) {
          first = windowMs[at];
        }
        last = windowMs[at];
      }
    }
    if (last <= first) {
      return 0;
    }
    double fps = (windowVideoFrames - 1) * 1000.0 / (last - first);
    return Math.round(fps * 100) / 100.0;
  }

  /** The AVCDecoderConfigurationRecord tag body, or null before the sequence header. */
  synchronized byte[] avcConfigTag() {
    return avcConfig;
  }

  /** The latest keyframe's VIDEODATA tag body, or null. */
  synchronized byte[] latestKeyframeTag() {
    return latestKeyframe;
  }

  /** The latest keyframe that has a decoder configuration before it, or null. */
  synchronized Keyframe latestKeyframe() {
    return latest;
  }

  /** Counts keyframes kept, so that a thumbnail is decoded at most once per keyframe. */
  synchronized long latestKeyframeNumber() {
    return latestKeyframeNumber;
  }

  /**
   * Finds an AMF0 object key (2-byte length, UTF-8) followed by an AMF0 string value (type 2)
   * in an onMetaData body: ffmpeg and OBS write {@code encoder} there (FLV spec E.5).
   */
  static String amfStringAfter(byte[] body, String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + 2 + k.length + 3 <= body.length; i++) {
      if (body[i] != 0 || body[i + 1] != k.length) {
        continue;
      }
      for (int j = 0; j < k.length; j++) {
        if (body[i + 2 + j] != k[j]) {
          continue outer;
        }
      }
      int p = i + 2 + k.length;
      if (body[p] != 2) {
        return null;
      }
      int len = ((body[p + 1] & 0xff) << 8) | (body[p + 2] & 0xff);
      if (p + 3 + len > body.length || len > 256) {
        return null;
      }
      return new String(body, p + 3, len, StandardCharsets.UTF_8);
    }
    return null;
  }

  /**
   * Measurements of one stream's ingest.
   *
   * @param remote the publisher's address
   * @param encoder the encoder's name from onMetaData, or ""
   * @param publishStartedAt when the current (or last) publish started
   * @param publishes how many publishes this stream had (reconnects add one each)
   * @param videoFrames video frames received
   * @param audioFrames audio frames received
   * @param keyframes keyframes received
   * @param keyframeIntervalSeconds mean distance between keyframes
   * @param frameRate video frames per second over the last 10 s of media
   * @param videoBitrate video bits per second over the last 10 s of media
   * @param audioBitrate audio bits per second over the last 10 s of media
   */
  public record Snapshot(String remote, String encoder, Instant publishStartedAt, int publishes,
      long videoFrames, long audioFrames, long keyframes, double keyframeIntervalSeconds,
      double frameRate, long videoBitrate, long audioBitrate) {}
}
