package io.headwater.origin.cluster;

import io.headwater.origin.recording.RecordingId;
import io.headwater.origin.recording.RecordingSink;
import io.headwater.storage.s3.ObjectMetadata;
import io.headwater.storage.s3.S3ObjectStore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies recordings to the object store ({@code recordings/APP/STREAM/EPOCH/NAME}) through the
 * same bounded {@link Uploader} as the live objects, one ordered lane per recording, so that a
 * stored {@code manifest.json} never lists a segment not yet stored. Once a file of a recording
 * is dropped (queue full) or fails to upload, nothing more of it is uploaded: the stored copy
 * stays a valid recording that ends at its last stored manifest (one WARN line); the disk copy
 * goes on whole.
 */
final class RecordingUploads implements RecordingSink.Factory {
  private static final Logger log = LoggerFactory.getLogger(RecordingUploads.class);

  private final S3ObjectStore store;
  private final Uploader uploader;

  RecordingUploads(S3ObjectStore store, Uploader uploader) {
    this.store = store;
    this.uploader = uploader;
  }

  @Override
  public RecordingSink open(RecordingId id) {
    String label = "recording app=" + id.app() + " stream=" + id.stream() + " epoch="
        + id.epoch();
    Uploader.Lane lane = uploader.lane(label);
    AtomicBoolean broken = new AtomicBoolean();
    return (name, bytes) -> {
      if (broken.get()) {
        return;
      }
      String key = ObjectKeys.recording(id, name);
      boolean queued = lane.submit(name, bytes.length, () -> {
        if (broken.get()) {
          return 0;
        }
        try {
          store.put(key, bytes, ObjectMetadata.forName(name));
        } catch (RuntimeException e) {
          stop(broken, label, name);
          throw e;
        }
        return bytes.length;
      });
      if (!queued) {
        stop(broken, label, name);
      }
    };
  }

  private static void stop(AtomicBoolean broken, String label, String name) {
    if (broken.compareAndSet(false, true)) {
      log.warn("object store copy of {} stopped at {}: it ends at its last stored manifest; "
          + "the recording on disk is complete", label, name);
    }
  }
}
