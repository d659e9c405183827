package dev.camelrtmp.transport;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transport choice on whichever Netty line the build runs with (4.2 by default, 4.1 in CI's second run). */
class TransportTest {

    /** Netty 4.2 (with io_uring among the component's test dependencies) rather than 4.1. */
    static boolean netty42() {
        try {
            Class.forName("io.netty.channel.IoHandlerFactory");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void autoTakesEpollWhereAvailable() {
        assertThat(Transport.AUTO.resolve()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
        assertThat(Transport.NIO.resolve()).isEqualTo(Transport.NIO);
    }

    @Test
    void autoNeverFailsAndNeverTakesIoUring() {
        assertThat(Transport.AUTO.resolve(t -> "not here")).isEqualTo(Transport.NIO);
        assertThat(Transport.AUTO.resolve(t -> t == Transport.EPOLL ? "no epoll" : null)).isEqualTo(Transport.NIO);
        assertThat(Transport.AUTO.resolve(t -> null)).isEqualTo(Transport.EPOLL);
        assertThat(Transport.NIO.resolve(t -> "not here")).isEqualTo(Transport.NIO);
    }

    @Test
    void anExplicitTransportThatIsUnavailableFailsSayingWhy() {
        assertThatThrownBy(() -> Transport.IO_URING.resolve(t -> "the kernel is too old"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("transport=io_uring was asked for, but the io_uring transport is not available: the "
                        + "kernel is too old. Use transport=auto (epoll where available, else NIO) or transport=nio");
        assertThatThrownBy(() -> Transport.EPOLL.resolve(t -> t == Transport.EPOLL ? "not Linux" : null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("transport=epoll was asked for, but the epoll transport is not available: "
                        + "not Linux.");
        assertThat(Transport.IO_URING.resolve(t -> null)).isEqualTo(Transport.IO_URING);
    }

    @Test
    void optionValues() {
        assertThat(Transport.of("io_uring")).isEqualTo(Transport.IO_URING);
        assertThat(Transport.of("IO-URING")).isEqualTo(Transport.IO_URING);
        assertThat(Transport.of(" Epoll ")).isEqualTo(Transport.EPOLL);
        assertThat(Transport.of("nio")).isEqualTo(Transport.NIO);
        assertThat(Transport.of("auto")).isEqualTo(Transport.AUTO);
        assertThatThrownBy(() -> Transport.of("kqueue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown transport 'kqueue': one of auto, nio, epoll, io_uring");
        assertThatThrownBy(() -> Transport.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ioUringOnThisClassPath() {
        String why = Transport.unavailability(Transport.IO_URING);
        if (!netty42()) {
            // Netty 4.1: the component's optional io_uring jars are not there, and could not run if they were
            assertThat(why).startsWith("it needs Netty 4.2, and this runtime has Netty 4.1.");
            assertThatThrownBy(Transport.IO_URING::resolve).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("transport=io_uring was asked for, but the io_uring transport is not "
                            + "available: it needs Netty 4.2, and this runtime has Netty 4.1.");
        } else if ("true".equals(System.getenv("CI"))) {
            // in CI the jars are there: the transport must not silently go missing, unless the machine itself
            // (its kernel or the container's seccomp profile) refuses io_uring, which Netty then reports
            if (why != null && why.startsWith("Netty reports")) {
                Assumptions.abort("this machine refuses io_uring: " + why);
            }
            assertThat(why).as("io_uring unavailable").isNull();
        }
        assertThat(Transport.IO_URING.isAvailable()).isEqualTo(why == null);
    }

    @Test
    void groupsAndChannelsOfEachAvailableTransport() throws Exception {
        for (Transport transport : Transport.values()) {
            if (!transport.isAvailable()) {
                continue;
            }
            EventLoopGroup group = transport.newGroup(1, null);
            try {
                assertThat(group.next().submit(() -> 42).get(10, TimeUnit.SECONDS)).isEqualTo(42);
                assertThat(transport.serverChannel()).isNotNull();
                assertThat(transport.socketChannel()).isNotNull();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
    }
}
