package io.headwater.ingest.server;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvTag;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A PublishHandler for tests that records requests, tags and unpublish calls per stream. */
final class RecordingHandler implements PublishHandler {
  /** What one accepted publish received. */
  static final class Recorded implements StreamPublisher {
    final PublishRequest request;
    final List<FlvTag> tags = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CompletableFuture<Boolean> unpublished = new CompletableFuture<>();
    final AtomicInteger unpublishCalls = new AtomicInteger();

    Recorded(PublishRequest request) {
      this.request = request;
    }

    @Override
    public void onTag(FlvTag tag) {
      tags.add(tag);
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void onUnpublish(boolean clean) {
      unpublishCalls.incrementAndGet();
      unpublished.complete(clean);
    }

    boolean awaitUnpublish() throws Exception {
      return unpublished.get(10, TimeUnit.SECONDS);
    }
  }

  final BlockingQueue<Recorded> published = new LinkedBlockingQueue<>();
  final ConcurrentHashMap<String, Recorded> byStream = new ConcurrentHashMap<>();

  @Override
  public StreamPublisher onPublish(PublishRequest request) throws PublishRejectedException {
    if (request.stream().equals("forbidden")) {
      throw new PublishRejectedException("NetStream.Publish.Unauthorized", "no key");
    }
    Recorded r = new Recorded(request);
    byStream.put(request.stream(), r);
    published.add(r);
    return r;
  }

  Recorded awaitPublish(String stream) throws Exception {
    while (true) {
      Recorded r = published.poll(10, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no publish of " + stream + " within 10 s");
      }
      if (r.request.stream().equals(stream)) {
        return r;
      }
    }
  }
}
