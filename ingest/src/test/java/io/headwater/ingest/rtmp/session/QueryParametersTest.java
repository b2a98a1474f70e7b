package io.headwater.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParametersTest {
  @Test
  void splitsNameAndDecodesParameters() {
    QueryParameters q = QueryParameters.parse("cam1?key=a%2Fb&flag&x=1+2");
    assertThat(q.name()).isEqualTo("cam1");
    assertThat(q.parameters()).isEqualTo(Map.of("key", "a/b", "flag", "", "x", "1 2"));
  }

  @Test
  void nameWithoutQueryHasNoParameters() {
    QueryParameters q = QueryParameters.parse("cam1");
    assertThat(q.name()).isEqualTo("cam1");
    assertThat(q.parameters()).isEmpty();
  }
}
