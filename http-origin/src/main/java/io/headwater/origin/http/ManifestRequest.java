package io.headwater.origin.http;

import io.headwater.origin.pipeline.StreamView;
import java.util.Optional;
import java.util.function.Function;

/**
 * A manifest a request asked for: the key its rendering is memoized under in a view (distinct per
 * manifest and per variant of one, e.g. the MPD per UTCTiming URL), its media type, whether it is
 * the multivariant playlist (cached differently), and how to render it from a view (empty when
 * the view has no such rendition).
 */
public record ManifestRequest(
    String key,
    String contentType,
    boolean multivariant,
    Function<StreamView, Optional<String>> renderer) {}
