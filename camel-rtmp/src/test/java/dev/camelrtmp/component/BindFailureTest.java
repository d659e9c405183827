package dev.camelrtmp.component;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.RtmpServerOptions;
import dev.camelrtmp.test.Wait;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A port that is taken: the listener fails to start with an exception naming the address, leaves no thread
 * running (a non-daemon event loop would keep the JVM alive), and the consumer's route fails to start.
 */
class BindFailureTest {

    @ParameterizedTest(name = "native transport {0}")
    @ValueSource(booleans = { true, false })
    void aTakenPortFailsWithTheAddressAndLeavesNoThread(boolean nativeTransport) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            Set<Thread> before = nonDaemonThreads();
            RtmpServer server = new RtmpServer(new RtmpServerOptions().host("127.0.0.1").port(port)
                    .nativeTransport(nativeTransport), Runnable::run);
            assertThatThrownBy(server::start).isInstanceOf(BindException.class)
                    .hasMessage("Cannot listen on 127.0.0.1:" + port + ": Address already in use");
            assertThat(server.localAddress()).isNull();
            awaitNoThreadBeyond(before);
            server.stop(); // nothing to stop: harmless
        }
    }

    @Test
    void theConsumersRouteFailsToStart() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            Set<Thread> before = nonDaemonThreads();
            CamelContext context = new DefaultCamelContext();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rtmp://127.0.0.1:" + port + "/live").routeId("taken").to("log:never");
                }
            });
            try {
                assertThatThrownBy(context::start)
                        .hasStackTraceContaining("Cannot listen on 127.0.0.1:" + port + ": Address already in use");
            } finally {
                context.stop();
            }
            awaitNoThreadBeyond(before);
        }
    }

    private static Set<Thread> nonDaemonThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.isDaemon()) {
                threads.add(t);
            }
        }
        return threads;
    }

    private static void awaitNoThreadBeyond(Set<Thread> before) {
        Wait.until("no non-daemon thread left by the failed start", Duration.ofSeconds(10), () -> {
            Set<Thread> now = nonDaemonThreads();
            now.removeAll(before);
            return now.isEmpty();
        });
    }
}
