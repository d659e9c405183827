package dev.camelrtmp.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes of docs/recipes.md and docs/security.md, run as printed against real FFmpeg publishes: the addresses
 * they name become loopback ports, the servers they forward to are a second consumer here (see DocRuntime).
 */
class DocExamplesTest {

    private final int port = AvailablePortFinder.getNextAvailable();
    private final int origin = AvailablePortFinder.getNextAvailable();
    private final int httpPort = AvailablePortFinder.getNextAvailable();
    @TempDir
    Path recordings;
    private CamelContext context;

    private CamelContext start(RoutesBuilder example, String... placeholderServers) throws Exception {
        context = new DefaultCamelContext();
        DocRuntime runtime = new DocRuntime().address("0.0.0.0:1935", port).folder("recordings", recordings)
                .httpPort(8080, httpPort).folder("/srv/hls", recordings);
        for (String server : placeholderServers) {
            runtime.address(server, origin);
        }
        runtime.install(context);
        context.addRoutes(example);
        if (placeholderServers.length > 0) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rtmp://127.0.0.1:" + origin + "?lifecycleEvents=true").to("mock:origin");
                }
            });
        }
        context.start();
        return context;
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private ProcessResult publish(String path) throws Exception {
        return ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + path),
                null, 60);
    }

    private static int messages() throws Exception {
        return MediaTools.publishedMessages(Clips.h264Aac(6));
    }

    /** Waits until {@code file} holds every message of the published clip. */
    private static void awaitRecording(Path file) {
        Wait.until("the recording is complete", Duration.ofSeconds(10), () -> {
            try {
                return Files.exists(file) && FlvReader.readAll(file).size() == messages();
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    /** Waits until the origin received whole streams under these keys, and checks each one's message count. */
    private void awaitAtOrigin(String... keys) throws Exception {
        MockEndpoint mock = context.getEndpoint("mock:origin", MockEndpoint.class);
        Wait.until("the streams reach the origin", Duration.ofSeconds(30), () -> mock.getExchanges().stream()
                .filter(e -> RtmpConstants.PUBLISH_END.equals(e.getIn().getHeader(RtmpConstants.EVENT))).count()
                == keys.length);
        for (String key : keys) {
            long received = mock.getExchanges().stream()
                    .filter(e -> key.equals(e.getIn().getHeader(RtmpConstants.STREAM_KEY)))
                    .filter(e -> !RtmpConstants.TYPE_EVENT.equals(e.getIn().getHeader(RtmpConstants.MESSAGE_TYPE)))
                    .count();
            assertThat(received).as("messages of " + key + " at the origin").isEqualTo(messages());
        }
    }

    @Test
    void recordEveryStream() throws Exception {
        start(new RecipesExamples.RecordEveryStream());
        publish("live/cam1").requireSuccess("publish");
        awaitRecording(recordings.resolve("live").resolve("cam1.flv"));
    }

    @Test
    void recordFragmentedMp4() throws Exception {
        start(new RecipesExamples.RecordFragmentedMp4());
        publish("live/cam1").requireSuccess("publish");
        Path file = recordings.resolve("live").resolve("cam1.mp4");
        Map<String, Long> expected = MediaTools.packetCounts(Peers.ffprobe(), Clips.h264Aac(6), null);
        Wait.until("the mp4 recording holds every packet", Duration.ofSeconds(10), () -> {
            try {
                return Files.exists(file) && MediaTools.packetCounts(Peers.ffprobe(), file, null).equals(expected);
            } catch (Exception | AssertionError notYet) {
                return false;
            }
        });
    }

    @Test
    void hlsFolder() throws Exception {
        start(new RecipesExamples.HlsFolder());
        publish("live/cam1").requireSuccess("publish");
        Path playlist = recordings.resolve("live").resolve("cam1").resolve("index.m3u8");
        Map<String, Long> expected = MediaTools.packetCounts(Peers.ffprobe(), Clips.h264Aac(6), null);
        Wait.until("the playlist ends and names every packet", Duration.ofSeconds(10), () -> {
            try {
                return Files.readString(playlist).endsWith("#EXT-X-ENDLIST\n")
                        && MediaTools.packetCounts(Peers.ffprobe(), playlist, null).equals(expected);
            } catch (Exception | AssertionError notYet) {
                return false;
            }
        });
    }

    @Test
    void relay() throws Exception {
        start(new RecipesExamples.Relay(), "origin.example:1935");
        publish("live/cam1").requireSuccess("publish");
        awaitAtOrigin("cam1");
    }

    @Test
    void restream() throws Exception {
        start(new RecipesExamples.Restream(), "a.example", "b.example");
        publish("live/studio").requireSuccess("publish");
        awaitAtOrigin("studio-a", "studio-b");
    }

    @Test
    void rename() throws Exception {
        start(new RecipesExamples.Rename(), "cdn.example");
        publish("ingest/cam7").requireSuccess("publish");
        awaitAtOrigin("cam7-hd");
    }

    @Test
    void restreamToPlayers() throws Exception {
        start(new RecipesExamples.RestreamToPlayers());
        Path played = recordings.resolve("played.flv");
        Process player = waitingPlayer("out/cam1", played);
        publish("live/cam1").requireSuccess("publish");
        ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
        List<String> video = MediaTools.framemd5(Peers.ffmpeg(), Clips.h264Aac(6), null).stream()
                .filter(line -> line.startsWith("0,")).map(DocExamplesTest::sizeAndHash).toList();
        // every video packet (the timestamps FFmpeg shows differ: without audio it does not shift the start)
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), played, null)).allMatch(line -> line.startsWith("0,"))
                .map(DocExamplesTest::sizeAndHash).containsExactlyElementsOf(video);
    }

    @Test
    void serveAnFlvFile() throws Exception {
        Path clip = Clips.h264Aac(6);
        Files.createDirectories(recordings.resolve("live"));
        Files.copy(clip, recordings.resolve("live").resolve("cam1.flv"));
        start(new RecipesExamples.ServeFile());
        Path played = recordings.resolve("played.flv");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                "rtmp://127.0.0.1:" + port + "/vod/cam1", "-c", "copy", "-f", "flv", "-y", played.toString()),
                null, 60).requireSuccess("ffmpeg play");
        // the player joins while the file plays: it gets an exact tail, from a key frame
        List<String> tail = MediaTools.framemd5(Peers.ffmpeg(), played, null);
        List<String> all = MediaTools.framemd5(Peers.ffmpeg(), clip, null);
        assertThat(tail).isNotEmpty();
        for (String stream : List.of("0,", "1,")) {
            List<String> got = tail.stream().filter(l -> l.startsWith(stream)).map(DocExamplesTest::sizeAndHash)
                    .toList();
            List<String> source = all.stream().filter(l -> l.startsWith(stream)).map(DocExamplesTest::sizeAndHash)
                    .toList();
            assertThat(got).isNotEmpty();
            assertThat(source.subList(source.size() - got.size(), source.size())).containsExactlyElementsOf(got);
        }
    }

    private static String sizeAndHash(String framemd5Line) {
        String[] f = framemd5Line.split(",");
        return f[4] + " " + f[5];
    }

    /** Starts FFmpeg playing {@code path} and waits until the server has it as a player. */
    private Process waitingPlayer(String path, Path out) throws Exception {
        try (dev.camelrtmp.test.LogCapture log = dev.camelrtmp.test.LogCapture.start()) {
            Process player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-i", "rtmp://127.0.0.1:" + port + "/" + path, "-c", "copy", "-f", "flv", "-y",
                    out.toString()), null);
            Wait.until("the player of " + path + " waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: " + path).isEmpty());
            return player;
        }
    }

    @Test
    void aRouteEndsAPublish() throws Exception {
        start(new RecipesExamples.ClosePublish());
        ProcessResult test = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-re", "-i", Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/live/test7"), null, 60);
        assertThat(test.exitCode()).as("the test stream is ended").isNotZero();
        assertThat(test.stderr()).contains("Test streams are not accepted here.");
        publish("live/cam1").requireSuccess("another key goes on");
    }

    @Test
    void authorizationRouteAllowsTheTokenOnly() throws Exception {
        start(new SecurityExamples.AuthorizationRoute());
        ProcessResult wrong = publish("live/cam1?token=guess");
        assertThat(wrong.exitCode()).as("a wrong token is refused").isNotZero();
        publish("live/cam1?token=s3cret").requireSuccess("publish with the token");
        awaitRecording(recordings.resolve("live").resolve("cam1.flv"));
    }

    @Test
    void watchAndRecord() throws Exception {
        start(new WatchingExamples.WatchAndRecord());
        Path clip = Clips.h264Aac(6);
        Process publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/live/cam1"), null);
        Path file = recordings.resolve("live").resolve("cam1.mp4");
        Process reader = null;
        Path played = recordings.resolve("hls.flv");
        try {
            Wait.until("the publish is recorded", Duration.ofSeconds(30), () -> Files.exists(file));
            reader = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-i", "http://127.0.0.1:" + httpPort + "/live/cam1/index.m3u8", "-map", "0", "-c",
                    "copy", "-f", "flv", "-y", played.toString()), null);
            ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
            ProcessRunner.await(reader, 60, List.of("ffmpeg hls read")).requireSuccess("ffmpeg hls read");
        } finally {
            publisher.destroy();
            if (reader != null) {
                reader.destroy();
            }
        }
        List<List<String>> source = DocCommandsTest.byStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        DocCommandsTest.assertExactTails("FFmpeg reading the LL-HLS playlist",
                DocCommandsTest.byStream(MediaTools.framemd5(Peers.ffmpeg(), played, null)), source);
        Map<String, Long> expected = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        Wait.until("the mp4 recording holds every packet", Duration.ofSeconds(10), () -> {
            try {
                return MediaTools.packetCounts(Peers.ffprobe(), file, null).equals(expected);
            } catch (Exception | AssertionError notYet) {
                return false;
            }
        });
    }

    @Test
    void ownHlsJsAndOneOrigin() throws Exception {
        start(new WatchingExamples.OwnHlsJs());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/?stream=live/cam1")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"https://static.example.com/hls.js/1.7.4/hls.min.js\">")
                .doesNotContain("jsdelivr");
        HttpResponse<String> playlist = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/live/cam1/index.m3u8")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(playlist.statusCode()).as("nobody publishes live/cam1").isEqualTo(404);
        assertThat(playlist.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.example.com");
    }
}
