package io.headwater.packager.ts;

/** The 4-bit continuity_counter of one PID (ISO/IEC 13818-1 2.4.3.3): 0..15, then 0 again. */
public final class ContinuityCounter {
  private int next;

  /** Returns the counter for the next packet carrying payload, then advances it modulo 16. */
  public int next() {
    int value = next;
    next = (next + 1) & 0x0F;
    return value;
  }
}
