package io.headwater.origin.recording;

import io.headwater.packager.codec.aac.AudioSpecificConfigs;
import io.headwater.packager.codec.h264.AvcDecoderConfigurationRecord;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.AudioSpecificConfig;
import org.mp4parser.boxes.iso14496.part12.ChunkOffsetBox;
import org.mp4parser.boxes.iso14496.part12.CompositionTimeToSample;
import org.mp4parser.boxes.iso14496.part12.SampleSizeBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.SampleToChunkBox;
import org.mp4parser.boxes.iso14496.part12.SyncSampleBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part14.ESDescriptorBox;
import org.mp4parser.boxes.iso14496.part15.AvcConfigurationBox;

/**
 * Reads a progressive MP4 file (ISO/IEC 14496-12 with an H.264 {@code avc1} and/or an AAC {@code
 * mp4a} track) into a {@link MediaSink}, the way the FLV demux feeds a live stream: the formats,
 * then the samples of both tracks interleaved in decode order. Only the {@code moov} box is
 * parsed (by mp4parser); samples are read from the file at the offsets its sample tables give
 * (8.7.3 stsz, 8.7.4 stsc, 8.7.5 stco/co64, 8.6.1.2 stts, 8.6.1.3 ctts, 8.6.2 stss), so the media
 * data is never copied. Edit lists are ignored. Every size is bounded before it is allocated.
 */
final class Mp4Demuxer {
  static final int MAX_MOOV_BYTES = 64 << 20;
  static final int MAX_SAMPLE_BYTES = 8 << 20;
  static final int MAX_SAMPLES = 20_000_000;

  private Mp4Demuxer() {}

  /** One sample's place and time, in its track's timescale. */
  private record Entry(long offset, int size, long dts, int ctsOffset, boolean sync) {}

  /** One track: its format, its samples, and its media timescale (mdhd). */
  private record Track(TrackFormat format, long mediaTimescale, List<Entry> samples) {}

  /**
   * Feeds every H.264 and AAC sample of {@code file} to {@code sink}.
   *
   * @throws MalformedMediaException when the file is not such an MP4
   */
  static void demux(Path file, MediaSink sink) throws IOException, MalformedMediaException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      List<Track> tracks = tracks(moov(ch), ch.size());
      Track video = null;
      Track audio = null;
      for (Track t : tracks) {
        if (t.format().trackId() == TrackFormat.VIDEO_TRACK_ID && video == null) {
          video = t;
        } else if (t.format().trackId() == TrackFormat.AUDIO_TRACK_ID && audio == null) {
          audio = t;
        }
      }
      if (video == null && audio == null) {
        throw new MalformedMediaException("no H.264 or AAC track");
      }
      sink.onDeclaredTracks(video != null, audio != null);
      for (Track t : new Track[] {video, audio}) {
        if (t != null) {
          sink.onFormat(t.format());
        }
      }
      int v = 0;
      int a = 0;
      int vCount = video == null ? 0 : video.samples().size();
      int aCount = audio == null ? 0 : audio.samples().size();
      while (v < vCount || a < aCount) {
        boolean takeVideo = a >= aCount || (v < vCount
            && video.samples().get(v).dts() * audio.mediaTimescale()
            <= audio.samples().get(a).dts() * video.mediaTimescale());
        Track t = takeVideo ? video : audio;
        Entry e = t.samples().get(takeVideo ? v++ : a++);
        ByteBuffer data = ByteBuffer.allocate(e.size());
        while (data.hasRemaining()) {
          if (ch.read(data, e.offset() + data.position()) < 0) {
            throw new MalformedMediaException("sample at " + e.offset() + " runs past the file");
          }
        }
        TrackFormat f = t.format();
        sink.onSample(Sample.of(f.trackId(), scale(e.dts(), t.mediaTimescale(), f.timescale()),
            (int) scale(e.ctsOffset(), t.mediaTimescale(), f.timescale()), e.sync(),
            data.array()));
      }
    } catch (RuntimeException e) {
      // mp4parser reports damaged boxes with unchecked exceptions
      throw new MalformedMediaException("damaged MP4: " + e);
    }
  }

  private static long scale(long ticks, long from, long to) {
    return from == to ? ticks : Math.floorDiv(Math.multiplyExact(ticks, to), from);
  }

  /** The top-level {@code moov} box's bytes (ISO/IEC 14496-12 4.2: size, type, largesize). */
  private static byte[] moov(FileChannel ch) throws IOException, MalformedMediaException {
    long position = 0;
    long fileSize = ch.size();
    ByteBuffer header = ByteBuffer.allocate(16);
    while (position + 8 <= fileSize) {
      header.clear().limit(16);
      ch.read(header, position);
      header.flip();
      if (header.remaining() < 8) {
        break;
      }
      long size = Integer.toUnsignedLong(header.getInt(0));
      String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
      if (size == 1) {
        if (header.remaining() < 16) {
          break;
        }
        size = header.getLong(8); // largesize
      } else if (size == 0) {
        size = fileSize - position; // to the end of the file
      }
      if (size < 8 || position + size > fileSize) {
        throw new MalformedMediaException("box " + type + " at " + position + " has size " + size
            + " in a file of " + fileSize + " bytes");
      }
      if (type.equals("moov")) {
        if (size > MAX_MOOV_BYTES) {
          throw new MalformedMediaException("moov of " + size + " bytes is over the limit of "
              + MAX_MOOV_BYTES);
        }
        ByteBuffer moov = ByteBuffer.allocate((int) size);
        while (moov.hasRemaining() && ch.read(moov, position + moov.position()) > 0) {
          // reads the whole box
        }
        return moov.array();
      }
      position += size;
    }
    throw new MalformedMediaException("no moov box: not a progressive MP4");
  }

  private static List<Track> tracks(byte[] moov, long fileSize)
      throws IOException, MalformedMediaException {
    IsoFile iso = new IsoFile(Channels.newChannel(new ByteArrayInputStream(moov)));
    if (iso.getMovieBox() == null) {
      throw new MalformedMediaException("moov does not parse");
    }
    List<Track> out = new ArrayList<>();
    for (TrackBox trak : iso.getMovieBox().getBoxes(TrackBox.class)) {
      String handler = trak.getMediaBox().getHandlerBox().getHandlerType();
      long timescale = trak.getMediaBox().getMediaHeaderBox().getTimescale();
      SampleTableBox stbl = trak.getSampleTableBox();
      if (timescale <= 0 || stbl == null) {
        continue;
      }
      TrackFormat format;
      if (handler.equals("vide")) {
        AvcConfigurationBox avcC = org.mp4parser.tools.Path.getPath(stbl, "stsd/avc1/avcC");
        if (avcC == null) {
          throw new MalformedMediaException("video track is not H.264 (avc1 with avcC)");
        }
        ByteArrayOutputStream box = new ByteArrayOutputStream();
        avcC.getBox(Channels.newChannel(box));
        byte[] whole = box.toByteArray();
        format = TrackFormat.h264(AvcDecoderConfigurationRecord.parse(
            Arrays.copyOfRange(whole, 8, whole.length))); // without the box header
      } else if (handler.equals("soun")) {
        ESDescriptorBox esds = org.mp4parser.tools.Path.getPath(stbl, "stsd/mp4a/esds");
        AudioSpecificConfig asc = esds == null || esds.getEsDescriptor() == null
            || esds.getEsDescriptor().getDecoderConfigDescriptor() == null ? null
            : esds.getEsDescriptor().getDecoderConfigDescriptor().getAudioSpecificInfo();
        if (asc == null) {
          throw new MalformedMediaException("audio track is not AAC (mp4a with esds)");
        }
        format = TrackFormat.aac(AudioSpecificConfigs.parse(asc.getConfigBytes()));
      } else {
        continue;
      }
      out.add(new Track(format, timescale, samples(stbl, fileSize)));
    }
    return out;
  }

  private static List<Entry> samples(SampleTableBox stbl, long fileSize)
      throws MalformedMediaException {
    SampleSizeBox stsz = stbl.getSampleSizeBox();
    SampleToChunkBox stsc = stbl.getSampleToChunkBox();
    ChunkOffsetBox stco = stbl.getChunkOffsetBox();
    TimeToSampleBox stts = stbl.getTimeToSampleBox();
    if (stsz == null || stsc == null || stco == null || stts == null) {
      throw new MalformedMediaException("a sample table lacks stsz, stsc, stco or stts");
    }
    long count = stsz.getSampleCount();
    if (count > MAX_SAMPLES) {
      throw new MalformedMediaException(count + " samples, over the limit of " + MAX_SAMPLES);
    }
    int n = (int) count;
    long[] dts = new long[n];
    int i = 0;
    long t = 0;
    for (TimeToSampleBox.Entry e : stts.getEntries()) {
      for (long k = 0; k < e.getCount() && i < n; k++) {
        dts[i++] = t;
        t += e.getDelta();
      }
    }
    if (i < n) {
      throw new MalformedMediaException("stts times " + i + " of " + n + " samples");
    }
    int[] cts = new int[n];
    CompositionTimeToSample ctts = stbl.getCompositionTimeToSample();
    if (ctts != null) {
      i = 0;
      for (CompositionTimeToSample.Entry e : ctts.getEntries()) {
        for (int k = 0; k < e.getCount() && i < n; k++) {
          cts[i++] = e.getOffset();
        }
      }
    }
    SyncSampleBox stss = stbl.getSyncSampleBox();
    boolean[] sync = new boolean[n];
    if (stss == null) {
      Arrays.fill(sync, true); // 8.6.2.1: without stss every sample is a sync sample
    } else {
      for (long number : stss.getSampleNumber()) {
        if (number >= 1 && number <= n) {
          sync[(int) number - 1] = true;
        }
      }
    }
    long[] chunkOffsets = stco.getChunkOffsets();
    List<SampleToChunkBox.Entry> runs = stsc.getEntries();
    List<Entry> out = new ArrayList<>(n);
    int sample = 0;
    int run = 0;
    for (int chunk = 1; chunk <= chunkOffsets.length && sample < n; chunk++) {
      while (run + 1 < runs.size() && runs.get(run + 1).getFirstChunk() <= chunk) {
        run++;
      }
      if (runs.isEmpty()) {
        throw new MalformedMediaException("empty stsc");
      }
      long offset = chunkOffsets[chunk - 1];
      for (long k = 0; k < runs.get(run).getSamplesPerChunk() && sample < n; k++) {
        long size = stsz.getSampleSizeAtIndex(sample);
        if (size <= 0 || size > MAX_SAMPLE_BYTES || offset < 0 || offset + size > fileSize) {
          throw new MalformedMediaException("sample " + (sample + 1) + " of " + size
              + " bytes at " + offset + " lies outside the file or the size limit");
        }
        out.add(new Entry(offset, (int) size, dts[sample], cts[sample], sync[sample]));
        offset += size;
        sample++;
      }
    }
    if (sample < n) {
      throw new MalformedMediaException("chunks hold " + sample + " of " + n + " samples");
    }
    return out;
  }
}
