package dev.camelrtmp.server;

import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.test.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalLogTest {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLogTest.class);

    @Test
    void aConnectionGetsAFewWarnLinesThenDebug() {
        RefusalLog refusals = RefusalLog.perConnection(LOG);
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 100; i++) {
                refusals.refused("Refused publish from {} to {}", "client", "live/" + i);
            }
            assertThat(log.lines("WARN", "Refused publish from client")).hasSize(RefusalLog.CONNECTION_WARN_LINES);
            assertThat(log.lines("WARN", "Further refusals of this connection are logged at DEBUG")).hasSize(1);
        }
    }

    @Test
    void aListenerLogsTenLinesASecondAndCountsTheRest() {
        AtomicLong now = new AtomicLong();
        RefusalLog refusals = RefusalLog.perListener(LOG, now::get);
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 1000; i++) {
                refusals.refused("Refused connection from {}", "client" + i);
            }
            assertThat(log.lines("WARN", "Refused connection from")).hasSize(RefusalLog.LISTENER_WARN_LINES_PER_SECOND);
            assertThat(refusals.leftOut()).isEqualTo(1000 - RefusalLog.LISTENER_WARN_LINES_PER_SECOND);
            now.addAndGet(1_000_000_000L);
            refusals.refused("Refused connection from {}", "late");
            assertThat(log.lines("WARN", "Refused connection from late (990 more refused before this, not logged)"))
                    .hasSize(1);
            assertThat(refusals.leftOut()).isZero();
        }
    }
}
