package io.headwater.origin.http;

import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Evaluates the preconditions of a GET or HEAD against a representation (RFC 9110 13). */
final class Conditional {
  private Conditional() {}

  /**
   * True when the answer is 304. If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2) and
   * uses weak comparison (13.1.2). Last-Modified has one-second resolution while a playlist may
   * change several times a second, so If-Modified-Since alone answers 304 only when the object is
   * not newer than the given instant; an immutable object compares at one-second resolution.
   */
  static boolean notModified(HeaderMap request, String etag, Instant lastModified,
      boolean immutable) {
    String inm = request.getFirst(Headers.IF_NONE_MATCH);
    if (inm != null) {
      return listMatches(inm, etag, /* weak= */ true);
    }
    String ims = request.getFirst(Headers.IF_MODIFIED_SINCE);
    if (ims != null) {
      Date since = DateUtils.parseDate(ims);
      Instant modified = immutable ? lastModified.truncatedTo(ChronoUnit.SECONDS) : lastModified;
      return since != null && !modified.isAfter(since.toInstant());
    }
    return false;
  }

  /**
   * If-Range (RFC 9110 13.1.5): the Range applies only when the validator still matches, by
   * strong comparison for an entity tag, or exact equality with Last-Modified for a date.
   */
  static boolean rangeApplies(HeaderMap request, String etag, Instant lastModified) {
    String ifRange = request.getFirst(Headers.IF_RANGE);
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      return v.equals(etag);
    }
    Date date = DateUtils.parseDate(v);
    return date != null && date.toInstant().getEpochSecond() == lastModified.getEpochSecond();
  }

  private static boolean listMatches(String list, String etag, boolean weak) {
    String want = weak ? opaque(etag) : etag;
    for (String candidate : list.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || (weak ? opaque(c) : c).equals(want)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
