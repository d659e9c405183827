package dev.camelrtmp.server;

import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Keeps refusals from flooding the log: a client that is refused again and again (a publish loop, a connection
 * flood) gets a few WARN lines, not one per attempt.
 * <ul>
 * <li>{@link #perConnection}: the first {@value #CONNECTION_WARN_LINES} refusals of one connection are logged at
 * WARN, the next ones at DEBUG, and one WARN line says so;</li>
 * <li>{@link #perListener}: at most {@value #LISTENER_WARN_LINES_PER_SECOND} lines a second in all; the refusals
 * left out are counted, and the next line logged says how many.</li>
 * </ul>
 * Threading: per connection, called on its event loop only; per listener, from any event loop (synchronized).
 */
final class RefusalLog {

    static final int CONNECTION_WARN_LINES = 5;
    static final int LISTENER_WARN_LINES_PER_SECOND = 10;
    private static final long SECOND = 1_000_000_000L;

    private final Logger log;
    private final boolean perConnection;
    private final LongSupplier nanoClock;
    private long refusals;
    private long windowStart;
    private int inWindow;
    private long leftOut;

    private RefusalLog(Logger log, boolean perConnection, LongSupplier nanoClock) {
        this.log = log;
        this.perConnection = perConnection;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** For the refusals of one connection. */
    static RefusalLog perConnection(Logger log) {
        return new RefusalLog(log, true, System::nanoTime);
    }

    /** For the refusals of a whole listener, on the clock given. */
    static RefusalLog perListener(Logger log, LongSupplier nanoClock) {
        return new RefusalLog(log, false, nanoClock);
    }

    /** Logs one refusal (an SLF4J format and its arguments) at WARN, or at DEBUG / not at all past the limit. */
    void refused(String format, Object... arguments) {
        if (perConnection) {
            refusals++;
            if (refusals <= CONNECTION_WARN_LINES) {
                log.warn(format, arguments);
                if (refusals == CONNECTION_WARN_LINES) {
                    log.warn("Further refusals of this connection are logged at DEBUG");
                }
            } else if (log.isDebugEnabled()) {
                log.debug(format, arguments);
            }
            return;
        }
        long more;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStart >= SECOND) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= LISTENER_WARN_LINES_PER_SECOND) {
                leftOut++;
                return;
            }
            inWindow++;
            more = leftOut;
            leftOut = 0;
        }
        if (more == 0) {
            log.warn(format, arguments);
        } else {
            Object[] withCount = java.util.Arrays.copyOf(arguments, arguments.length + 1);
            withCount[arguments.length] = more;
            log.warn(format + " ({} more refused before this, not logged)", withCount);
        }
    }

    /** Refusals left out of the log and not yet reported (per listener). */
    synchronized long leftOut() {
        return leftOut;
    }
}
