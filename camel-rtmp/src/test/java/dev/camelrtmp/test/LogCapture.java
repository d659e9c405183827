package dev.camelrtmp.test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures the log events of every logger (log4j2) while open, so that tests can count what was logged: which
 * lines, how many, whether with stack traces.
 */
public final class LogCapture implements AutoCloseable {

    private final List<LogEvent> events = new ArrayList<>();
    private final LoggerContext context;
    private final List<LoggerConfig> attached = new ArrayList<>();
    private final AbstractAppender appender;

    /** Starts capturing; {@link #start()} says the same. */
    public LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        appender = new AbstractAppender("capture-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                synchronized (events) {
                    events.add(event.toImmutable());
                }
            }
        };
        appender.start();
        Configuration configuration = context.getConfiguration();
        // the root and every logger that does not pass its events on to its parent: each event is seen once
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            if (!logger.isAdditive() || logger == configuration.getRootLogger()) {
                attach(logger);
            }
        }
        if (!attached.contains(configuration.getRootLogger())) {
            attach(configuration.getRootLogger());
        }
        context.updateLoggers();
    }

    private void attach(LoggerConfig logger) {
        logger.addAppender(appender, null, null);
        attached.add(logger);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** The events captured so far at {@code level} or more severe. */
    public List<LogEvent> atLeast(Level level) {
        return matching(e -> e.getLevel().isMoreSpecificThan(level));
    }

    /** The events captured so far that match. */
    public List<LogEvent> matching(Predicate<LogEvent> filter) {
        synchronized (events) {
            return events.stream().filter(filter).toList();
        }
    }

    /** One logged event: its level, the simple name of its logger and its formatted message. */
    public record Line(String level, String logger, String message) {
    }

    /** The lines logged so far at {@code level} (e.g. WARN) whose message contains {@code text}. */
    public List<Line> lines(String level, String text) {
        return matching(e -> e.getLevel().name().equals(level) && text(e).contains(text)).stream()
                .map(e -> new Line(e.getLevel().name(), e.getLoggerName().substring(e.getLoggerName()
                        .lastIndexOf('.') + 1), text(e)))
                .toList();
    }

    /** The formatted message of an event. */
    public static String text(LogEvent event) {
        return event.getMessage().getFormattedMessage();
    }

    @Override
    public void close() {
        for (LoggerConfig logger : attached) {
            logger.removeAppender(appender.getName());
        }
        context.updateLoggers();
        appender.stop();
    }
}
