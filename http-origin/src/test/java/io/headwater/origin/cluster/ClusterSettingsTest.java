package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.origin.config.ConfigException;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.config.Setting;
import io.headwater.origin.config.StorageSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code storage} section and {@code --role}, as an operator writes them. */
class ClusterSettingsTest {
  @TempDir Path dir;

  private StorageSection storage(String yaml, Setting... flags) throws Exception {
    Path file = dir.resolve("headwater.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader().load(file, List.of(flags)).storage();
  }

  private String error(String yaml) {
    try {
      storage(yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @Test
  void noStorageSectionIsASingleNode() throws Exception {
    assertThat(ClusterSettings.from(storage("{}"), Map.of())).isNull();
  }

  @Test
  void anS3SectionMakesAnIngestNodeAndRoleOriginAnOriginNode() throws Exception {
    String yaml = """
        storage:
          type: s3
          s3:
            endpoint: http://minio.example:9000
            bucket: live-media
            prefix: cluster-a
            accessKey: AKIAEXAMPLE
            secretKey: example-secret-key
            uploadQueue: 64M
            nodeUrl: http://ingest-1.example:8080
        """;
    ClusterSettings ingest = ClusterSettings.from(storage(yaml), Map.of());
    assertThat(ingest.role()).isEqualTo(NodeRole.INGEST);
    assertThat(ingest.s3().endpoint()).hasToString("http://minio.example:9000");
    assertThat(ingest.s3().bucket()).isEqualTo("live-media");
    assertThat(ingest.s3().prefix()).isEqualTo("cluster-a/");
    assertThat(ingest.s3().pathStyle()).isTrue();
    assertThat(ingest.s3().region()).isEqualTo("us-east-1");
    assertThat(ingest.uploadQueueBytes()).isEqualTo(64L << 20);
    assertThat(ingest.nodeUrl()).isEqualTo("http://ingest-1.example:8080");

    ClusterSettings origin = ClusterSettings.from(
        storage(yaml, new Setting("storage.role", "origin", "--role")), Map.of());
    assertThat(origin.role()).isEqualTo(NodeRole.ORIGIN);
  }

  @Test
  void keysMayComeFromTheEnvironment() throws Exception {
    StorageSection s = storage("storage: { type: s3, s3: { bucket: media } }");
    ClusterSettings c = ClusterSettings.from(s, Map.of(ClusterSettings.ACCESS_KEY_VARIABLE, "ak",
        ClusterSettings.SECRET_KEY_VARIABLE, "sk"));
    assertThat(c.s3().accessKey()).isEqualTo("ak");
    assertThatThrownBy(() -> ClusterSettings.from(s, Map.of()))
        .hasMessageContaining(ClusterSettings.SECRET_KEY_VARIABLE);
  }

  @Test
  void mistakesNameTheKey() {
    assertThat(error("storage: { type: s3 }")).contains("storage.s3");
    assertThat(error("storage: { type: gcs }")).contains("storage.type").contains("file or s3");
    assertThat(error("storage: { role: origin }")).startsWith("storage.role: 'origin'");
    assertThat(error("storage: { type: s3, s3: { bucket: Bad_Bucket } }"))
        .contains("storage.s3.bucket");
    assertThat(error("storage: { type: s3, s3: { bucket: media, endpoint: 'minio:9000' } }"))
        .contains("storage.s3.endpoint");
    assertThat(error("storage: { type: s3, s3: { bucket: media, maxAttempts: 0 } }"))
        .startsWith("storage.s3.maxAttempts: '0'");
    assertThat(error("storage: { type: file, s3: { bucket: media } }")).contains("storage.s3");
  }
}
