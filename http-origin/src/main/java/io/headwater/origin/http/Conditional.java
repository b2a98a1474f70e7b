package io.headwater.origin.http;

import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Evaluates the preconditions of a GET or HEAD against a representation (RFC 9110 13). */
final class Conditional {
  /** What the preconditions of a request decide. */
  enum Outcome {
    /** Send the representation (or the range asked for). */
    PROCEED,
    /** 304 Not Modified: the client's copy is current (RFC 9110 15.4.5). */
    NOT_MODIFIED,
    /** 412 Precondition Failed: If-Match or If-Unmodified-Since is false (15.5.13). */
    PRECONDITION_FAILED
  }

  private Conditional() {}

  /**
   * The preconditions in the order of RFC 9110 13.2.2: If-Match (strong comparison, 13.1.1), else
   * If-Unmodified-Since (13.1.4), then If-None-Match (weak comparison, 13.1.2), else
   * If-Modified-Since (13.1.3). Last-Modified has one-second resolution while a playlist may
   * change several times a second, so the dates compare with the object's exact modification time
   * (fewer 304s, more 412s: the safe direction for both), except for an immutable object, which
   * compares at the one-second resolution of HTTP dates since nothing can change within it.
   * Dates that do not parse are ignored, as 13.1.3 and 13.1.4 require.
   */
  static Outcome evaluate(HeaderMap request, String etag, Instant lastModified,
      boolean immutable) {
    Instant modified = immutable ? lastModified.truncatedTo(ChronoUnit.SECONDS) : lastModified;
    String ifMatch = request.getFirst(Headers.IF_MATCH);
    if (ifMatch != null) {
      if (!listMatches(ifMatch, etag, /* weak= */ false)) {
        return Outcome.PRECONDITION_FAILED;
      }
    } else {
      Instant unmodifiedSince = date(request.getFirst(Headers.IF_UNMODIFIED_SINCE));
      if (unmodifiedSince != null && modified.isAfter(unmodifiedSince)) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    String ifNoneMatch = request.getFirst(Headers.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return listMatches(ifNoneMatch, etag, /* weak= */ true)
          ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
    }
    Instant modifiedSince = date(request.getFirst(Headers.IF_MODIFIED_SINCE));
    return modifiedSince != null && !modified.isAfter(modifiedSince)
        ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
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

  private static Instant date(String value) {
    if (value == null) {
      return null;
    }
    Date date = DateUtils.parseDate(value);
    return date == null ? null : date.toInstant();
  }

  /**
   * Whether an entity-tag list ({@code *} or tags separated by commas) matches {@code etag}. The
   * strong comparison (RFC 9110 8.8.3.2) never matches a weak tag; {@code *} matches any current
   * representation, which every representation sent here is.
   */
  private static boolean listMatches(String list, String etag, boolean weak) {
    for (String candidate : list.split(",")) {
      String c = candidate.trim();
      if (c.equals("*")) {
        return true;
      }
      if (weak ? opaque(c).equals(opaque(etag)) : !c.startsWith("W/") && c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
