package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.dataformat.FlvDataFormat;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An FLV file replayed by a route with the flv data format into the route's own listener ({@code rtmp://0.0.0.0}
 * producer), with no rtmp consumer in the context: FFmpeg plays it bit-exact, and the listener, which the producer
 * started, stops with the route.
 */
class ServeFlvFileTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:vod").routeId("vod")
                    .unmarshal(new FlvDataFormat().realtime(true).streamKey("movie"))
                    .split(body()).streaming()
                        .to("rtmp://0.0.0.0:" + port + "/vod")
                    .end();
                from("direct:private").routeId("private")
                    .unmarshal(new FlvDataFormat().realtime(true))
                    .split(body()).streaming()
                        .to("rtmp://0.0.0.0:" + port + "/private?playAllowedStreamKeys=open")
                    .end();
            }
        };
    }

    @Test
    void aPlayerGetsWhatItGetsFromAnEncodersPublishAndStaysForTheNextOne() throws Exception {
        Path clip = Clips.h264Aac(2);
        try (RawRtmp player = new RawRtmp(port)) {
            player.handshake().connect("vod");
            player.command(0, "createStream", 2, null);
            player.command(1, "play", 0, null, "movie");
            Duration wait = Duration.ofSeconds(30);
            assertThat(player.nextStatusCode(wait)).isEqualTo("NetStream.Play.Reset");
            assertThat(player.nextStatusCode(wait)).isEqualTo("NetStream.Play.Start");
            for (int round = 1; round <= 2; round++) {
                template.sendBody("direct:vod", Files.newInputStream(clip));
                assertThat(player.nextStatusCode(wait)).as("round %d", round).isEqualTo("NetStream.Play.PublishNotify");
                assertThat(player.nextStatusCode(wait)).as("round %d", round)
                        .isEqualTo("NetStream.Play.UnpublishNotify");
            }
        }
    }

    @Test
    void aPlayerGetsTheFileBitExactAndTheListenerStopsWithTheRoute() throws Exception {
        Path clip = Clips.h264Aac(4);
        assertThat(Wait.accepts(port)).as("the producer started the listener").isTrue();
        Path out = work.resolve("played.flv");
        Process player;
        try (LogCapture log = LogCapture.start()) {
            player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", "rtmp://127.0.0.1:" + port + "/vod/movie", "-c", "copy", "-f", "flv", "-y",
                    out.toString()), null);
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: vod/movie").isEmpty());
        }
        template.sendBody("direct:vod", Files.newInputStream(clip));
        String warnings = ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play")
                .stderr();
        assertThat(warnings).as("FFmpeg's warnings as a player").doesNotContain("DTS");

        assertThat(MediaTools.framemd5(Peers.ffmpeg(), out, null))
                .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), clip, null));

        try (RawRtmp elsewhere = new RawRtmp(port)) {
            elsewhere.handshake().connect("other");
            assertThat(elsewhere.nextStatusCode(Duration.ofSeconds(10))).as("an application nobody serves")
                    .isEqualTo("NetConnection.Connect.Rejected");
        }
        context.getRouteController().stopRoute("vod");
        context.getRouteController().stopRoute("private"); // the other route that serves on this port
        Wait.until("port " + port + " free again", Duration.ofSeconds(20), () -> !Wait.accepts(port));
    }

    @Test
    void theServingProducersPlayOptionsDecideWhoPlaysAPathNoConsumerServes() throws Exception {
        template.sendBodyAndHeader("direct:private", Files.newInputStream(Clips.h264Aac(1)),
                RtmpConstants.STREAM_KEY, "open"); // the route joins the listener at its first stream
        Duration wait = Duration.ofSeconds(30);
        try (RawRtmp refused = new RawRtmp(port); RawRtmp allowed = new RawRtmp(port)) {
            refused.handshake().connect("private");
            refused.command(0, "createStream", 2, null);
            refused.command(1, "play", 0, null, "secret");
            assertThat(refused.nextStatusCode(wait)).as("a key the producer does not let play")
                    .isEqualTo("NetStream.Play.Failed");
            allowed.handshake().connect("private");
            allowed.command(0, "createStream", 2, null);
            allowed.command(1, "play", 0, null, "open");
            assertThat(allowed.nextStatusCode(wait)).isEqualTo("NetStream.Play.Reset");
            assertThat(allowed.nextStatusCode(wait)).isEqualTo("NetStream.Play.Start");
        }
    }
}
