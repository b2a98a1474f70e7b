package io.headwater.ingest.auth;

import io.headwater.ingest.PublishRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a web service, as nginx-rtmp's {@code on_publish} does: POSTs an
 * {@code application/x-www-form-urlencoded} form with {@code call=publish}, {@code app},
 * {@code name}, {@code addr}, {@code clientid} and the publish URL's query parameters; a 2xx
 * answer allows the publish, anything else (other status, error, timeout) denies it.
 */
public final class HttpCallbackAuthorizer implements PublishAuthorizer {
  private static final Logger LOG = LoggerFactory.getLogger(HttpCallbackAuthorizer.class);

  private final HttpCallbackConfig config;
  private final HttpClient client;

  public HttpCallbackAuthorizer(HttpCallbackConfig config) {
    this.config = config;
    this.client = HttpClient.newBuilder()
        .connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public AuthDecision authorize(PublishRequest request) {
    HttpRequest post = HttpRequest.newBuilder(config.url())
        .timeout(config.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(request)))
        .build();
    try {
      HttpResponse<Void> response = client.send(post, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return AuthDecision.allow();
      }
      return AuthDecision.deny("publish webhook answered " + status);
    } catch (HttpTimeoutException e) {
      LOG.warn("{} publish webhook {} timed out after {} ms", request.connectionId(),
          config.url(), config.timeout().toMillis());
      return AuthDecision.deny("publish webhook timed out");
    } catch (IOException e) {
      LOG.warn("{} publish webhook {} failed: {}", request.connectionId(), config.url(),
          e.toString());
      return AuthDecision.deny("publish webhook unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AuthDecision.deny("interrupted while asking the publish webhook");
    }
  }

  /** The form body: fixed fields first; query parameters may not override them. */
  static String form(PublishRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("call", "publish");
    fields.put("app", request.app());
    fields.put("name", request.stream());
    fields.put("addr", request.remote().getHostString());
    fields.put("clientid", request.connectionId());
    request.query().forEach(fields::putIfAbsent);
    StringJoiner body = new StringJoiner("&");
    fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return body.toString();
  }
}
