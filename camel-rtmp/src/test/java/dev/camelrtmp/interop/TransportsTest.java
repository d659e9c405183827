package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.transport.Transport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FFmpeg publishes a clip at full speed to a listener on each transport ({@code transport=nio}, {@code epoll},
 * {@code io_uring}): the route receives every message bit for bit, the recording equals the source packet for
 * packet, the listener says which transport it runs on, and the HTTP-FLV listener beside it (on its event loops)
 * answers. Where a transport is not available (io_uring on Netty
 * 4.1, which the component's test suite also runs on), the route's start fails with the reason instead. A producer
 * publishes an FLV file to the listener over each transport, bit-exact too.
 */
class TransportsTest extends PublishTestSupport {

    private Transport transport = Transport.AUTO;
    private LogCapture logs;

    /** Netty 4.2 rather than 4.1 on the class path. */
    static boolean netty42() {
        try {
            Class.forName("io.netty.channel.IoHandlerFactory");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private final int httpPort = org.apache.camel.test.AvailablePortFinder.getNextAvailable();

    @Override
    protected String consumerOptions() {
        return "&transport=" + transport.displayName() + "&httpPort=" + httpPort;
    }

    /** Each test adds the route once it knows the transport, and starts the context itself. */
    @Override
    public boolean isUseRouteBuilder() {
        return false;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        logs = LogCapture.start();
        return super.createCamelContext();
    }

    @AfterEach
    void closeLogs() {
        if (logs != null) {
            logs.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL", "IO_URING"})
    void everyFrameArrivesBitExact(Transport transport) throws Exception {
        this.transport = transport;
        context.addRoutes(createRouteBuilder());
        if (!transport.isAvailable()) {
            if (!netty42() && transport == Transport.IO_URING) {
                assertThatThrownBy(context::start).hasStackTraceContaining("transport=io_uring was asked for, but "
                        + "the io_uring transport is not available: it needs Netty 4.2");
                return;
            }
            String why = Transport.unavailability(transport);
            if (why == null || !why.startsWith("Netty reports")) { // refused by the machine (kernel, seccomp): may skip
                assertThat(System.getenv("CI")).as(transport + " unavailable in CI: " + why).isNotEqualTo("true");
            }
            Assumptions.abort(transport + " is not available here");
        }
        context.start();
        assertThat(logs.lines("INFO", "RTMP server listening on /127.0.0.1:" + port + " ("
                + transport.displayName() + " transport)")).hasSize(1);
        // the HTTP-FLV listener runs on the RTMP listener's event loops, so on the same transport: it answers
        java.net.http.HttpResponse<String> unknown = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort
                        + "/nothere/cam.flv")).timeout(java.time.Duration.ofSeconds(30)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);

        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(30);
        Path reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", reference.toString()), null, 120)
                .requireSuccess("ffmpeg remux");
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("cam")), null, 120)
                .requireSuccess("ffmpeg publish over " + transport.displayName());
        awaitEnd();

        Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
        assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
        assertMediaEqualsTagsOf(reference);
        assertThat(MediaTools.framemd5(ffmpeg, recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(ffmpeg, clip, null));
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL", "IO_URING"})
    void aProducerPublishesOverEachTransport(Transport producerTransport) throws Exception {
        transport = Transport.NIO; // the listener's; the producer's connection runs on producerTransport
        context.addRoutes(createRouteBuilder());
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").routeId("send")
                        .unmarshal(new dev.camelrtmp.dataformat.FlvDataFormat().streamKey("relayed"))
                        .split(body()).streaming()
                            .to("rtmp://127.0.0.1:" + port + "/live?transport=" + producerTransport.displayName())
                        .end();
            }
        });
        if (!producerTransport.isAvailable()) {
            if (!netty42() && producerTransport == Transport.IO_URING) {
                assertThatThrownBy(context::start).hasStackTraceContaining("transport=io_uring was asked for, but "
                        + "the io_uring transport is not available: it needs Netty 4.2");
                return;
            }
            String why = Transport.unavailability(producerTransport);
            if (why == null || !why.startsWith("Netty reports")) { // refused by the machine (kernel, seccomp): may skip
                assertThat(System.getenv("CI")).as(producerTransport + " unavailable in CI: " + why).isNotEqualTo("true");
            }
            Assumptions.abort(producerTransport + " is not available here");
        }
        context.start();

        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(10);
        Path reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", reference.toString()), null, 120)
                .requireSuccess("ffmpeg remux");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(reference)) {
            template.sendBody("direct:send", in);
        }
        awaitEnd();

        Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
        assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
        assertMediaEqualsTagsOf(reference);
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .anyMatch(name -> name.startsWith("rtmp-client-" + producerTransport.displayName())))
                .as("a thread of the producers' " + producerTransport.displayName() + " event loops").isTrue();
    }
}
