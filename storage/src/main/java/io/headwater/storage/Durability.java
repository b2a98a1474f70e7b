package io.headwater.storage;

/**
 * When {@link AtomicFiles} forces written bytes to the device (the fsync policy of the file
 * store). Either way a reader never sees a partial object: bytes go to a temporary name first and
 * become visible under their real name by one atomic rename.
 */
public enum Durability {
  /**
   * {@code fsync} the temporary file before the rename and the directory after it: once a write
   * returns, the object survives a power loss or kernel crash, not only a process crash. Costs one
   * or two device flushes per object; recordings write a few objects per segment, so a few
   * flushes every two seconds per stream.
   */
  FSYNC,

  /**
   * No flush: the rename is still atomic, so the object survives {@code kill -9} of the process
   * (the page cache belongs to the kernel), but a power loss may leave the newest objects absent
   * or, on some file systems, empty. For tests and for tmpfs.
   */
  NONE
}
