package io.headwater.storage;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How much direct (off-heap) buffer memory this JVM allows: {@code -XX:MaxDirectMemorySize}, or
 * the maximum heap size when that flag is not set (the JDK's default for direct buffers).
 */
public final class DirectMemory {
  private DirectMemory() {}

  /** The JVM's limit on direct buffers, in bytes. */
  public static long maxBytes() {
    long heapMax = Runtime.getRuntime().maxMemory();
    try {
      HotSpotDiagnosticMXBean hotspot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      long set = hotspot == null ? 0
          : Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
      return set > 0 ? set : heapMax; // 0: not set, the JDK uses the heap's maximum
    } catch (RuntimeException | LinkageError notHotSpot) {
      return heapMax;
    }
  }
}
