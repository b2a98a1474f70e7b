package io.headwater.packager.ts;

/**
 * One elementary stream of a program map section (ISO/IEC 13818-1 2.4.4.8).
 *
 * @param streamType stream_type of Table 2-34 (0x1B H.264, 0x0F AAC in ADTS)
 * @param pid elementary_PID, 13 bits
 */
public record EsEntry(int streamType, int pid) {
  public static final int STREAM_TYPE_H264 = 0x1B;
  public static final int STREAM_TYPE_AAC_ADTS = 0x0F;

  public EsEntry {
    if (streamType < 0 || streamType > 0xFF) {
      throw new IllegalArgumentException("stream_type " + streamType);
    }
    if (pid < 0x10 || pid > 0x1FFE) {
      throw new IllegalArgumentException("elementary PID " + pid);
    }
  }
}
