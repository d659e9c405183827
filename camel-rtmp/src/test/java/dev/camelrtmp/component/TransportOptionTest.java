package dev.camelrtmp.component;

import dev.camelrtmp.transport.Transport;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code transport} option as URIs and component properties set it, and the deprecated {@code nativeTransport}
 * it replaces: {@code nativeTransport=false} still means NIO.
 */
class TransportOptionTest {

    @Test
    void uriValues() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            assertThat(transport(context, "")).isEqualTo(Transport.AUTO);
            assertThat(transport(context, "?transport=io_uring")).isEqualTo(Transport.IO_URING);
            assertThat(transport(context, "?transport=epoll")).isEqualTo(Transport.EPOLL);
            assertThat(transport(context, "?nativeTransport=false")).isEqualTo(Transport.NIO);
            assertThat(transport(context, "?nativeTransport=false&transport=nio")).isEqualTo(Transport.NIO);
            assertThatThrownBy(() -> transport(context, "?transport=kqueue"))
                    .hasStackTraceContaining("Unknown transport 'kqueue': one of auto, nio, epoll, io_uring");
            assertThatThrownBy(() -> transport(context, "?nativeTransport=false&transport=io_uring"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("nativeTransport=false (deprecated; it means transport=nio) contradicts "
                            + "transport=io_uring: set transport alone");
        }
    }

    @Test
    void theComponentsTransportIsWhatEndpointsStartFrom() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            RtmpComponent component = context.getComponent("rtmp", RtmpComponent.class);
            component.getConfiguration().setTransport("NIO");
            assertThat(component.getConfiguration().getTransport()).isEqualTo("nio");
            assertThat(transport(context, "")).isEqualTo(Transport.NIO);
            assertThat(transport(context, "?transport=auto")).isEqualTo(Transport.AUTO);
        }
    }

    private static Transport transport(CamelContext context, String query) {
        RtmpEndpoint endpoint = context.getEndpoint("rtmp://127.0.0.1:19350/live" + query, RtmpEndpoint.class);
        return endpoint.getConfiguration().effectiveTransport();
    }
}
