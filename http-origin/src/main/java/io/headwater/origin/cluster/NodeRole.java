package io.headwater.origin.cluster;

/** What a node of a cluster sharing one object store does. */
public enum NodeRole {
  /** Accepts RTMP, packages, serves its own streams from memory and writes them to the store. */
  INGEST,
  /** Accepts no RTMP; serves every stream from the object store. */
  ORIGIN
}
