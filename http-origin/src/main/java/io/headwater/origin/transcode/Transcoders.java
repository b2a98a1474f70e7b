package io.headwater.origin.transcode;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.auth.AuthDecision;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.origin.ladder.AbrSettings;
import io.headwater.packager.io.MalformedMediaException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side transcoding ladders: for every stream published to an application with a
 * {@code transcode.ladder}, one supervised {@link Transcoder} that publishes each rung back to the
 * origin's own RTMP port as {@code STREAM_RUNG}, from the moment the publish is accepted until the
 * publisher leaves. Streams whose name ends in {@code _RUNG} of the application's ladder are
 * never transcoded again. The rungs publish with an internal credential ({@link #authorizer}), so
 * that applications with publish keys, signed URLs or a webhook transcode too.
 */
public final class Transcoders implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Transcoders.class);
  private static final long CPU_SAMPLE_SECONDS = 2;

  private final Function<String, AbrSettings> abrByApp;
  private final String rtmpHost;
  private final IntSupplier rtmpPort;
  private final ConcurrentHashMap<String, Transcoder> running = new ConcurrentHashMap<>();
  private final LongAdder restarts = new LongAdder();
  private final RungCredentials credentials = new RungCredentials();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "transcoders");
        t.setDaemon(true);
        return t;
      });

  /**
   * Transcoders of the applications {@code abrByApp} gives a ladder, publishing to {@code
   * rtmpHost} (an address the origin's RTMP listener accepts from itself) on {@code rtmpPort}.
   */
  public Transcoders(Function<String, AbrSettings> abrByApp, String rtmpHost,
      IntSupplier rtmpPort) {
    this.abrByApp = abrByApp;
    this.rtmpHost = rtmpHost;
    this.rtmpPort = rtmpPort;
    scheduler.scheduleWithFixedDelay(() -> running.values().forEach(Transcoder::sampleCpu),
        CPU_SAMPLE_SECONDS, CPU_SAMPLE_SECONDS, TimeUnit.SECONDS);
  }

  /** Wraps {@code next}: accepted publishes of a transcoding application start a transcoder. */
  public PublishHandler publishHandler(PublishHandler next) {
    return request -> {
      StreamPublisher inner = next.onPublish(request);
      AbrSettings abr = abrByApp.apply(request.app());
      if (!abr.transcodes() || isRung(abr, request.stream())) {
        return inner;
      }
      String path = request.app() + "/" + request.stream();
      List<String> names = new ArrayList<>();
      for (Rung rung : abr.ladder()) {
        names.add(request.stream() + "_" + rung.name());
      }
      String base = "rtmp://" + rtmpHost + ":" + rtmpPort.getAsInt() + "/" + request.app() + "/";
      Transcoder transcoder = new Transcoder(request.app(), request.stream(),
          credential -> TranscodeCommand.of(abr.ffmpeg(), base, request.stream(), abr.ladder(),
              credential), names, credentials, scheduler, restarts::increment);
      Transcoder previous = running.put(path, transcoder);
      if (previous != null) {
        previous.stop();
      }
      transcoder.start();
      return new StreamPublisher() {
        @Override
        public void onTag(FlvTag tag) throws MalformedMediaException {
          inner.onTag(tag);
          transcoder.offer(tag);
        }

        @Override
        public void onUnpublish(boolean clean) {
          try {
            inner.onUnpublish(clean);
          } finally {
            transcoder.stop();
            running.remove(path, transcoder);
          }
        }
      };
    };
  }

  /**
   * Wraps the origin's publish authorizer {@code next}: a publish that presents the transcoders'
   * internal credential ({@code ?hw_rung=}) is decided by it alone (admitted only for a rung of a
   * live transcoded source, from this host, once per launch) and one that fails is logged as a
   * refused publish; every other publish goes to {@code next}.
   */
  public PublishAuthorizer authorizer(PublishAuthorizer next) {
    return request -> {
      String given = request.query().get(RungCredentials.PARAMETER);
      if (given == null) {
        return next.authorize(request);
      }
      AuthDecision decision = credentials.check(request, given);
      if (!decision.allowed()) {
        log.warn("{} publish auth failed: {}/{} from {}: {}", request.connectionId(),
            request.app(), request.stream(), request.remote().getAddress().getHostAddress(),
            decision.reason());
      }
      return decision;
    };
  }

  private static boolean isRung(AbrSettings abr, String stream) {
    for (Rung rung : abr.ladder()) {
      if (stream.endsWith("_" + rung.name())) {
        return true;
      }
    }
    return false;
  }

  /** The transcoder of the source {@code app/stream}, while its publisher is connected. */
  public Optional<TranscoderStats> stats(String path) {
    Transcoder t = running.get(path);
    return t == null ? Optional.empty() : Optional.of(t.stats());
  }

  /**
   * Registers {@code headwater_transcoders} (running), {@code headwater_transcoder_restarts_total}
   * and {@code headwater_transcoder_cpu_cores} (CPU used by all of them, 1 = one core).
   */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("headwater_transcoders", running, ConcurrentHashMap::size)
        .description("Transcoders running, one per transcoded source.").register(registry);
    FunctionCounter.builder("headwater_transcoder_restarts", restarts, LongAdder::sum)
        .description("Transcoder processes started again after they died.").register(registry);
    Gauge.builder("headwater_transcoder_cpu_cores", running, r -> r.values().stream()
            .mapToDouble(t -> t.stats().cpuPercent() / 100).sum())
        .description("CPU used by the transcoders, in cores.").register(registry);
  }

  /** Stops every transcoder (origin shutdown). */
  @Override
  public void close() {
    running.values().forEach(Transcoder::stop);
    running.clear();
    scheduler.shutdownNow();
  }
}
