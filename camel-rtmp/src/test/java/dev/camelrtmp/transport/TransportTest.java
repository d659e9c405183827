package dev.camelrtmp.transport;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transport choice on whichever Netty line the build runs with (4.2 by default, 4.1 in CI's second run). */
class TransportTest {

    @Test
    void autoTakesEpollWhereAvailable() {
        assertThat(Transport.AUTO.resolve()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
        assertThat(Transport.NIO.resolve()).isEqualTo(Transport.NIO);
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

    @Test
    void anUnavailableTransportSaysWhy() {
        if (Transport.IO_URING.isAvailable()) {
            return; // the build put io_uring on the class path: nothing unavailable to show
        }
        assertThatThrownBy(Transport.IO_URING::resolve).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the io_uring transport is not available: ");
    }
}
