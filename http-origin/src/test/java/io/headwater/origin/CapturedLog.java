package io.headwater.origin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one class logs while the capture is open, through a logback list appender. */
public final class CapturedLog implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLog(Logger logger) {
    this.logger = logger;
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts capturing what the logger of {@code type} writes. */
  public static CapturedLog of(Class<?> type) {
    return new CapturedLog((Logger) LoggerFactory.getLogger(type));
  }

  /** The events logged so far, oldest first. */
  public List<ILoggingEvent> events() {
    return appender.list;
  }

  /** Stops capturing. */
  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
