package dev.camelrtmp.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may play, with Debian's FFmpeg 5.1 as the player: a route decides on a token in the stream name, a consumer
 * with play=false refuses every player; refused players get the reason as an onStatus error (FFmpeg prints it and
 * fails), an allowed one the whole stream. The route gets PLAY_START and PLAY_END, with the counts of what the
 * player was sent.
 */
class FfmpegPlayControlTest extends PublishTestSupport {

    @Override
    protected String consumerOptions() {
        return "&playAuthorizationUri=direct:authorizePlay";
    }

    @Override
    protected void slowDown(org.apache.camel.model.RouteDefinition route) {
        route.filter(org.apache.camel.builder.Builder.header(RtmpConstants.EVENT).in(RtmpConstants.PLAY_START, RtmpConstants.PLAY_END))
                .to("mock:play").end();
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] { createRouteBuilder(), new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:authorizePlay")
                        .choice()
                            .when(simple("${header.CamelRtmpQueryParameters[token]} == 'v13w'"))
                                .setBody(constant(true))
                            .otherwise()
                                .setHeader(RtmpConstants.STATUS_DESCRIPTION, constant("Bad token."))
                                .setBody(constant(false));
                from("rtmp://127.0.0.1:" + port + "/closed?play=false&lifecycleEvents=true").to("mock:closed");
            }
        } };
    }

    @Test
    void refusedPlayersGetTheReasonAndTheAllowedOneGetsEverythingCountedInPlayEnd() throws Exception {
        Path clip = Clips.h264Aac(4);
        int published = MediaTools.publishedMessages(clip);
        MockEndpoint play = getMockEndpoint("mock:play");
        play.expectedMessageCount(2);
        play.message(0).header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PLAY_START);
        play.message(0).header(RtmpConstants.STREAM_NAME).isEqualTo("cam?token=v13w");
        play.message(1).header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PLAY_END);
        play.message(1).header(RtmpConstants.END_REASON).isEqualTo("STOPPED"); // FFmpeg sends deleteStream
        play.message(1).header(RtmpConstants.MESSAGES_SENT).isEqualTo((long) published);
        play.message(1).header(RtmpConstants.MESSAGES_DROPPED).isEqualTo(0L);
        MockEndpoint closed = getMockEndpoint("mock:closed");
        closed.expectedMessageCount(0);

        ProcessResult badToken = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-i", rtmpUrl("cam?token=nope"), "-f", "null", "-"), null, 60);
        assertThat(badToken.exitCode()).as("FFmpeg with a bad token").isNotZero();
        assertThat(badToken.stderr()).contains("Bad token.");
        ProcessResult notAllowed = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-i", "rtmp://127.0.0.1:" + port + "/closed/cam", "-f", "null", "-"), null, 60);
        assertThat(notAllowed.exitCode()).as("FFmpeg on a consumer with play=false").isNotZero();
        assertThat(notAllowed.stderr()).contains("Playing is not allowed on application 'closed'.");

        Path out = work.resolve("played.flv");
        Process player;
        try (LogCapture log = LogCapture.start()) {
            player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", rtmpUrl("cam?token=v13w"), "-c", "copy", "-f", "flv", "-y", out.toString()), null);
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: live/cam").isEmpty());
        }
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("cam")), null, 60)
                .requireSuccess("ffmpeg publish");
        ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
        awaitEnd();

        play.assertIsSatisfied(30_000);
        closed.assertIsSatisfied();
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), out, null)).as("the player got every packet")
                .hasSameSizeAs(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        var end = play.getReceivedExchanges().get(1).getIn();
        assertThat(end.getHeader(RtmpConstants.CLIENT_ADDRESS, String.class)).startsWith("127.0.0.1:");
        assertThat(end.getHeader(RtmpConstants.CONNECTION_ID, String.class))
                .isEqualTo(play.getReceivedExchanges().get(0).getIn().getHeader(RtmpConstants.CONNECTION_ID));
        // every payload byte the route got, less the "@setDataFrame" the player's metadata goes without
        long routeBytes;
        synchronized (received) {
            assertThat(received).hasSize(published);
            routeBytes = received.stream().mapToLong(Received::length).sum();
        }
        long setDataFrame = 3 + "@setDataFrame".getBytes(StandardCharsets.US_ASCII).length;
        assertThat(end.getHeader(RtmpConstants.BYTES_SENT, Long.class)).isEqualTo(routeBytes - setDataFrame);
    }
}
