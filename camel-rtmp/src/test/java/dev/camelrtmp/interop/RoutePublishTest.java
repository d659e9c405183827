package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.camelrtmp.client.RtmpPublishException;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.dataformat.FlvDataFormat;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes that publish into their own listener ({@code rtmp://0.0.0.0} producers): what FFmpeg publishes to
 * {@code live/KEY} is restreamed to {@code out/KEY} and played bit-exact; a stream a route publishes reaches the
 * consumer of its path; a path is published by one publisher, connection or route, the first one.
 */
class RoutePublishTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();
    private volatile Object droppedAtEnd;

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://0.0.0.0:" + port + "/live?lifecycleEvents=true").routeId("restream")
                    .to("rtmp://0.0.0.0:" + port + "/out");
                from("direct:replay").routeId("replay")
                    .unmarshal(new FlvDataFormat().realtime(true).streamKey("replayed"))
                    .split(body()).streaming()
                        .to("rtmp://0.0.0.0:" + port + "/live")
                    .end();
                from("direct:no-events").routeId("no-events")
                    .unmarshal(new FlvDataFormat().realtime(true).lifecycleEvents(false).streamKey("quiet"))
                    .split(body()).streaming()
                        .to("rtmp://0.0.0.0:" + port + "/idle?serveIdleTimeout=1500")
                    .end();
                from("direct:late").routeId("late")
                    .unmarshal(new FlvDataFormat().realtime(true).streamKey("late"))
                    .split(body()).streaming()
                        .to("rtmp://0.0.0.0:" + port + "/live")
                        .filter(header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END))
                            .process(e -> droppedAtEnd = e.getIn().getHeader(RtmpConstants.DROPPED_FRAMES))
                        .end()
                    .end();
                from("direct:busy").routeId("busy")
                    .unmarshal(new FlvDataFormat().streamKey("busy"))
                    .split(body()).streaming()
                        .to("rtmp://0.0.0.0:" + port + "/live")
                        .filter(header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END))
                            .process(e -> droppedAtEnd = e.getIn().getHeader(RtmpConstants.DROPPED_FRAMES))
                        .end()
                    .end();
            }
        };
    }

    private String url(String path) {
        return "rtmp://127.0.0.1:" + port + "/" + path;
    }

    /** Starts FFmpeg playing {@code path} into {@code out} and waits until the server has it as a player. */
    private Process play(String path, Path out) throws Exception {
        try (LogCapture log = LogCapture.start()) {
            Process player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-i", url(path), "-c", "copy", "-f", "flv", "-y", out.toString()), null);
            Wait.until("the player of " + path + " waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: " + path).isEmpty());
            return player;
        }
    }

    @Test
    void whatFfmpegPublishesIsRestreamedBitExactUnderTheSameKey() throws Exception {
        Path clip = Clips.h264Aac(4);
        Path out = work.resolve("out.flv");
        Process player = play("out/cam1", out);
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", url("live/cam1")), null, 60)
                .requireSuccess("ffmpeg publish");
        ProcessResult played = ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");

        assertThat(played.stderr()).as("FFmpeg's warnings as a player").doesNotContain("DTS", "non monotonic",
                "non-monotonic");
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), out, null))
                .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
    }

    @Test
    void aRoutePublishReachesTheConsumerOfItsPathAndAConnectionOfThatPathIsRefused() throws Exception {
        Path clip = Clips.h264Aac(6);
        Path out = work.resolve("replayed.flv");
        // file -> route publish live/replayed -> the consumer of live -> route publish out/replayed -> player
        Process player = play("out/replayed", out);
        CompletableFuture<Exchange> replay;
        try (LogCapture log = LogCapture.start()) {
            replay = template.asyncSend("direct:replay", e -> e.getIn().setBody(Files.newInputStream(clip)));
            Wait.until("the route publishes live/replayed", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Publish started: live/replayed from a route").isEmpty());
        }
        dev.camelrtmp.component.RtmpConsumer consumer =
                (dev.camelrtmp.component.RtmpConsumer) context.getRoute("restream").getConsumer();
        assertThat(consumer.liveStreams()).as("the consumer of live lists the route's publish")
                .anyMatch(stream -> stream.info().path().equals("live/replayed")
                        && stream.info().clientAddress().equals("local"));
        ProcessResult refused = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", url("live/replayed")), null, 60);
        assertThat(refused.exitCode()).as("FFmpeg publishing a path a route publishes").isNotZero();
        assertThat(refused.stderr()).contains("Stream 'live/replayed' is already being published.");

        assertThat(replay.get().getException()).isNull();
        ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), out, null))
                .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
    }

    @Test
    void aRouteStreamGoesLiveOnceTheConnectionThatHeldItsPathHasLeft() throws Exception {
        try (RawRtmp player = new RawRtmp(port); LogCapture log = LogCapture.start()) {
            player.handshake().connect("live");
            player.command(0, "createStream", 2, null);
            player.command(1, "play", 0, null, "late");
            Duration wait = Duration.ofSeconds(30);
            assertThat(player.nextStatusCode(wait)).isEqualTo("NetStream.Play.Reset");
            assertThat(player.nextStatusCode(wait)).isEqualTo("NetStream.Play.Start");
            Process publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-re", "-i", Clips.h264Aac(4).toString(), "-c", "copy", "-f", "flv",
                    url("live/late")), null);
            assertThat(player.nextStatusCode(wait)).as("FFmpeg publishes").isEqualTo("NetStream.Play.PublishNotify");
            CompletableFuture<Exchange> replay = template.asyncSend("direct:late",
                    e -> e.getIn().setBody(Files.newInputStream(Clips.h264Aac(10))));
            ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
            assertThat(player.nextStatusCode(wait)).as("FFmpeg ends").isEqualTo("NetStream.Play.UnpublishNotify");
            assertThat(player.nextStatusCode(wait)).as("the route takes the free path")
                    .isEqualTo("NetStream.Play.PublishNotify");
            assertThat(player.nextStatusCode(wait)).as("the route's stream ends")
                    .isEqualTo("NetStream.Play.UnpublishNotify");
            assertThat(replay.get(60, java.util.concurrent.TimeUnit.SECONDS).getException())
                    .as("the stream's first Exchange failed").isInstanceOf(RtmpPublishException.class);
            assertThat(log.lines("WARN", "Route publish of live/late refused")).hasSize(1);
            assertThat(log.lines("INFO", "Route publish of live/late started now that the path is free"))
                    .hasSize(1);
            assertThat(droppedAtEnd).as("frames dropped while FFmpeg held the path").isInstanceOf(Long.class)
                    .matches(dropped -> (Long) dropped > 0);
        }
    }

    @Test
    void aStreamWithoutAnEndEventEndsAfterServeIdleTimeout() throws Exception {
        Path clip = Clips.h264Aac(4);
        Path out = work.resolve("quiet.flv");
        Process player = play("idle/quiet", out);
        try (LogCapture log = LogCapture.start()) {
            template.sendBody("direct:no-events", Files.newInputStream(clip));
            long sent = System.nanoTime();
            ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
            long endedAfterMillis = (System.nanoTime() - sent) / 1_000_000;
            assertThat(log.lines("INFO", "Publish of idle/quiet from a route (local-1) received nothing for"))
                    .hasSize(1);
            // not at once: only after the 1500 ms (counted from the last frame, just before sendBody returned)
            assertThat(endedAfterMillis).as("ms from the last frame to the player's end").isGreaterThan(1000);
        }
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), out, null))
                .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
    }

    @Test
    void aRoutePublishOfAPathAConnectionPublishesFailsOnceAndDropsTheRest() throws Exception {
        Path clip = Clips.h264Aac(10);
        Process publisher;
        try (LogCapture log = LogCapture.start()) {
            publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", url("live/busy")), null);
            Wait.until("FFmpeg publishes live/busy", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Publish started: live/busy from").isEmpty());
        }
        Exchange replay;
        try (LogCapture log = LogCapture.start()) {
            replay = template.send("direct:busy", e -> e.getIn().setBody(Files.newInputStream(clip)));
            assertThat(log.lines("WARN", "Route publish of live/busy refused")).hasSize(1);
        }
        publisher.destroy();
        ProcessRunner.await(publisher, 30, List.of("ffmpeg publish"));

        assertThat(replay.getException()).isInstanceOf(RtmpPublishException.class)
                .hasMessageContaining("Stream 'live/busy' is already being published by a connection from 127.0.0.1");
        assertThat(((RtmpPublishException) replay.getException()).statusCode()).isEqualTo("NetStream.Publish.BadName");
        long tags = FlvReader.readAll(clip).size();
        // the stream's first Exchange, its PUBLISH_START event, failed; every frame after it was dropped
        assertThat(droppedAtEnd).as("frames dropped").isEqualTo(tags);
    }
}
