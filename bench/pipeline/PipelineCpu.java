import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.storage.InMemorySegmentStore;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * CPU of the packaging pipeline alone, without sockets: an FLV file demuxed into STREAMS live
 * streams (LL-HLS on, 2 s segments, the default 340 ms parts) that share one in-memory segment
 * store, LOOPS times each per round, as fast as one thread goes; each round prints the process's
 * and the thread's CPU per MB of input. Early rounds include JIT compilation: compare the later
 * ones, of builds run one after the other. Run (bench/README.md, "Less CPU per stream"):
 * {@code java -Xmx4g -XX:+UseZGC -cp http-origin/target/origin.jar
 * bench/pipeline/PipelineCpu.java bench/target/input-2500k.flv 20 5 9}.
 */
public final class PipelineCpu {
  public static void main(String[] args) throws Exception {
    byte[] flv = Files.readAllBytes(Path.of(args[0]));
    int streams = Integer.parseInt(args[1]);
    int loops = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(30),
        Duration.ofMinutes(5), StreamSettings.DEFAULT_PART_TARGET);
    for (int round = 0; round < rounds; round++) {
      InMemorySegmentStore store = new InMemorySegmentStore(Clock.systemUTC());
      LiveStream[] live = new LiveStream[streams];
      for (int i = 0; i < streams; i++) {
        live[i] = new LiveStream("live", "s" + i, "e" + round, settings, store,
            Clock.systemUTC());
      }
      long processStart = os.getProcessCpuTime();
      long threadStart = threads.getCurrentThreadCpuTime();
      for (int loop = 0; loop < loops; loop++) {
        for (LiveStream stream : live) {
          new FlvDemuxer(stream.attachPublisher())
              .demuxAll(new FlvReader(new ByteArrayInputStream(flv)));
          stream.detachPublisher();
        }
      }
      double process = (os.getProcessCpuTime() - processStart) / 1e6;
      double thread = (threads.getCurrentThreadCpuTime() - threadStart) / 1e6;
      double mb = (double) flv.length * streams * loops / 1e6;
      System.out.printf("round %d: %.1f MB in, process %.0f ms CPU (%.2f ms/MB), "
          + "thread %.0f ms CPU (%.2f ms/MB), %d MiB off the heap%n", round, mb, process,
          process / mb, thread, thread / mb, store.directBytes() >> 20);
      for (LiveStream stream : live) {
        stream.end();
        stream.release();
      }
    }
  }
}
