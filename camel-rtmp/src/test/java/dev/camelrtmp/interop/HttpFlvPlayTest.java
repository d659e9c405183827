package dev.camelrtmp.interop;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP-FLV out of the listener's httpPort: Debian's FFmpeg 5.1 reads {@code http://127.0.0.1:P/live/<key>.flv}
 * while FFmpeg publishes over RTMP. A reader waiting before the publish gets every packet and its response ends with
 * the publish; one joining mid-stream starts on a key frame and gets the exact tail. Unknown paths get 404, refused
 * plays 403 (the play authorizer sees the request's query string), CORS preflights 204; the route gets PLAY_START
 * and PLAY_END with the transport HTTP_FLV.
 */
class HttpFlvPlayTest extends PublishTestSupport {

    private final int httpPort = AvailablePortFinder.getNextAvailable();

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort + "&playAuthorizationUri=direct:authorizePlay";
    }

    @Override
    protected void slowDown(org.apache.camel.model.RouteDefinition route) {
        route.filter(org.apache.camel.builder.Builder.header(RtmpConstants.EVENT)
                .in(RtmpConstants.PLAY_START, RtmpConstants.PLAY_END)).to("mock:play").end();
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
                from("rtmp://127.0.0.1:" + port + "/closed?play=false&httpPort=" + httpPort).to("mock:closed");
            }
        } };
    }

    private String httpUrl(String path) {
        return "http://127.0.0.1:" + httpPort + "/" + path;
    }

    @Test
    void aReaderWaitingBeforeThePublishGetsTheWholeStreamAndItsResponseEndsWithThePublish() throws Exception {
        Path clip = Clips.h264Aac(4);
        int published = MediaTools.publishedMessages(clip);
        MockEndpoint play = getMockEndpoint("mock:play");
        play.expectedMessageCount(2);
        play.message(0).header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PLAY_START);
        play.message(0).header(RtmpConstants.PLAY_TRANSPORT).isEqualTo("HTTP_FLV");
        play.message(0).header(RtmpConstants.STREAM_NAME).isEqualTo("early?token=v13w");
        play.message(1).header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PLAY_END);
        play.message(1).header(RtmpConstants.PLAY_TRANSPORT).isEqualTo("HTTP_FLV");
        play.message(1).header(RtmpConstants.END_REASON).isEqualTo("UNPUBLISHED");
        play.message(1).header(RtmpConstants.MESSAGES_SENT).isEqualTo((long) published);
        play.message(1).header(RtmpConstants.MESSAGES_DROPPED).isEqualTo(0L);
        Path out = work.resolve("waited.flv");
        Process reader;
        try (LogCapture log = LogCapture.start()) {
            reader = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", httpUrl("live/early.flv?token=v13w"), "-c", "copy", "-f", "flv", "-y", out.toString()),
                    null);
            Wait.until("the reader waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "HTTP-FLV play started: live/early").isEmpty());
        }
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("early")), null, 60)
                .requireSuccess("ffmpeg publish");
        ProcessResult read = ProcessRunner.await(reader, 60, List.of("ffmpeg read")).requireSuccess("ffmpeg read");
        awaitEnd();

        assertThat(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), out, null)))
                .isEqualTo(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null)));
        Played.assertNoTimestampWarnings(read.stderr());
        play.assertIsSatisfied(30_000);
    }

    @Test
    void aReaderJoiningMidStreamStartsOnAKeyFrameAndGetsTheExactTail() throws Exception {
        Path clip = Clips.h264Aac(10);
        int published = MediaTools.publishedMessages(clip);
        Process publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("cam")), null);
        Wait.until("a third of the clip received", Duration.ofSeconds(30), () -> received.size() > published / 3);
        Path out = work.resolve("joined.flv");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                httpUrl("live/cam.flv?token=v13w"), "-c", "copy", "-f", "flv", "-y", out.toString()), null, 60)
                .requireSuccess("ffmpeg read");
        ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
        awaitEnd();

        ProcessResult first = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error",
                "-select_streams", "v:0", "-show_entries", "packet=flags", "-read_intervals", "%+#1", "-of",
                "csv=p=0", out.toString()), null, 60).requireSuccess("ffprobe");
        assertThat(first.stdout().strip()).as("the first video packet read").startsWith("K");
        List<Integer> counts = Played.assertTails(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), out,
                null)), Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null)), false);
        Map<String, Long> all = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        assertThat(counts.get(0)).as("video packets read mid-stream").isPositive().isLessThan(all.get("video").intValue());
    }

    @Test
    void unknownPathsAre404RefusedPlays403AndPreflightsAnswered() throws Exception {
        getMockEndpoint("mock:closed").expectedMessageCount(0);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> unknown = client.send(get("nothere/cam.flv"), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("not served");
        assertThat(client.send(get("live/cam.mp4"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
        assertThat(client.send(get("cam.flv"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        HttpResponse<String> badToken = client.send(get("live/cam.flv?token=nope"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badToken.statusCode()).isEqualTo(403);
        assertThat(badToken.body()).contains("Bad token.");
        assertThat(client.send(get("closed/cam.flv"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(403);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(httpUrl("live/cam.flv")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);

        HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(URI.create(httpUrl("live/cam.flv")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://player.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("range");

        // allowed: the head comes at once, before anybody publishes
        HttpResponse<InputStream> stream = client.send(get("live/cam.flv?token=v13w"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValue("video/x-flv");
            assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void anAudioOnlyStreamIsAnnouncedAsAudioOnly() throws Exception {
        Path clip = Clips.h264Aac(4);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<InputStream> stream = client.send(get("live/radio.flv?token=v13w"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                clip.toString(), "-vn", "-c", "copy", "-f", "flv", rtmpUrl("radio")), null, 60)
                .requireSuccess("ffmpeg publish");
        byte[] flv;
        try (InputStream body = stream.body()) {
            flv = body.readAllBytes(); // the response ends with the publish
        }
        assertThat(java.util.Arrays.copyOf(flv, 13)).as("FLV header: audio only")
                .containsExactly('F', 'L', 'V', 1, 4, 0, 0, 0, 9, 0, 0, 0, 0);
        java.util.Set<Integer> tagTypes = new java.util.TreeSet<>();
        long audioTags = 0;
        int at = 13;
        while (at + 11 <= flv.length) {
            int type = flv[at] & 0xFF;
            int size = ((flv[at + 1] & 0xFF) << 16) | ((flv[at + 2] & 0xFF) << 8) | (flv[at + 3] & 0xFF);
            tagTypes.add(type);
            audioTags += type == 8 ? 1 : 0;
            at += 11 + size + 4;
        }
        assertThat(at).as("the response is whole tags").isEqualTo(flv.length);
        assertThat(tagTypes).containsExactly(8, 18);
        assertThat(audioTags).as("every audio message, sequence header included")
                .isEqualTo(MediaTools.publishedMessages(clip, 8));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(httpUrl(path))).timeout(Duration.ofSeconds(30)).GET().build();
    }
}
