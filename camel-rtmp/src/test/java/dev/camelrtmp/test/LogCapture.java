package dev.camelrtmp.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what camel-rtmp logs (logger {@code dev.camelrtmp} and below) while it is open, for tests that assert
 * on log lines.
 */
public final class LogCapture implements AutoCloseable {

    /** One logged event: its level, the simple name of its logger and its formatted message. */
    public record Line(String level, String logger, String message) {
    }

    private static final String LOGGER = "dev.camelrtmp";

    private final List<Line> lines = Collections.synchronizedList(new ArrayList<>());
    private final AbstractAppender appender;
    private final LoggerConfig config;

    public LogCapture() {
        appender = new AbstractAppender("capture-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String logger = event.getLoggerName();
                lines.add(new Line(event.getLevel().name(), logger.substring(logger.lastIndexOf('.') + 1),
                        event.getMessage().getFormattedMessage()));
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        config = context.getConfiguration().getLoggerConfig(LOGGER);
        config.addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    /** The lines logged so far at {@code level} (e.g. WARN) whose message contains {@code text}. */
    public List<Line> lines(String level, String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.level().equals(level) && l.message().contains(text)).toList();
        }
    }

    @Override
    public void close() {
        config.removeAppender(appender.getName());
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        appender.stop();
    }
}
