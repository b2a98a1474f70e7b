package io.headwater.bench.load;

/**
 * One segment or part as the availability probe first saw it listed, and its fetch.
 *
 * @param kind what was listed, e.g. "segment" or "part"
 * @param sequence the media sequence number of the segment (of the parent segment for a part)
 * @param partIndex the part's index in its segment, -1 for a segment
 * @param mediaEndSeconds where the segment or part ends, in media seconds from the start of the
 *     playlist's first segment (the sum of EXTINFs, and of part durations, before it and its own)
 * @param listedNanos nanoTime when the response that first listed it had arrived
 * @param pollGapNanos time since the previous response of a polling observer (the listing
 *     happened within this gap before {@code listedNanos}); 0 for a blocking reload
 * @param fetchedNanos nanoTime when a GET of it had answered, right after it was listed
 * @param fetchStatus that GET's status, or -1 when it failed
 */
record Listing(String kind, long sequence, int partIndex, double mediaEndSeconds,
    long listedNanos, long pollGapNanos, long fetchedNanos, int fetchStatus) {}
