package dev.camelrtmp.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every publishing command in README.md and docs/ (FFmpeg and GStreamer command lines), run as printed against this
 * server: HOST and port 1935 become a loopback port, {@code input.*} a test clip. Each must deliver video to the
 * route; live sources that never end are stopped once it has. Every playing command (ffplay, vlc) plays its URL
 * (RTMP, HTTP-FLV on port 8080, LL-HLS) while FFmpeg publishes a clip to the stream it names: FFmpeg reads the URL
 * in the player's place (no display here) and must get an exact tail of every stream of the clip.
 */
class DocCommandsTest extends CamelTestSupport {

    private static final Pattern RTMP_URL = Pattern.compile("rtmp://[^ \"]+/([^/ \"?]+)[ \"]?");
    /** A player's URL: scheme, HOST or loopback, the documented port, the path. */
    private static final Pattern PLAY_URL =
            Pattern.compile("(rtmp|http)://(?:HOST|127\\.0\\.0\\.1):(1935|8080)/([^ \"?]+)");
    private static final int FRAMES = 30;

    private final int port = AvailablePortFinder.getNextAvailable();
    private final int httpPort = AvailablePortFinder.getNextAvailable();

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "?duplicatePublish=TAKE_OVER&httpPort=" + httpPort).to("mock:received");
            }
        };
    }

    /** The publishing command lines of the docs' shell blocks: continuations joined, comments left out. */
    static List<String> commands() throws Exception {
        return commands("ffmpeg ", "gst-launch-1.0 ");
    }

    /** The command lines of the docs' shell blocks that start with one of {@code programs}. */
    static List<String> commands(String... programs) throws Exception {
        List<String> commands = new ArrayList<>();
        for (Path page : DocSnippetsTest.pages()) {
            for (DocSnippetsTest.Block block : DocSnippetsTest.blocks(page)) {
                if (!block.language().isEmpty() && !block.language().equals("sh")) {
                    continue;
                }
                StringBuilder command = new StringBuilder();
                for (String line : block.lines()) {
                    String l = line.strip();
                    if (l.startsWith("#") || l.isEmpty()) {
                        continue;
                    }
                    if (l.endsWith("\\")) {
                        command.append(l, 0, l.length() - 1).append(' ');
                        continue;
                    }
                    command.append(l);
                    String c = command.toString();
                    for (String program : programs) {
                        if (c.startsWith(program)) {
                            commands.add(c);
                            break;
                        }
                    }
                    command.setLength(0);
                }
            }
        }
        return commands;
    }

    @Test
    void everyPublishingCommandInTheDocsPublishes() throws Exception {
        Peers.ffmpeg();
        Peers.gstLaunch();
        List<String> commands = commands();
        assertThat(commands).as("publishing commands in the docs").hasSizeGreaterThanOrEqualTo(6);
        String clip = Clips.h264Aac(6).toAbsolutePath().toString();
        MockEndpoint received = getMockEndpoint("mock:received");
        for (String documented : commands) {
            String command = documented.replace("HOST:1935", "127.0.0.1:" + port)
                    .replace("127.0.0.1:1935", "127.0.0.1:" + port)
                    .replaceAll("input\\.(mp4|mkv)", clip);
            Matcher url = RTMP_URL.matcher(command);
            assertThat(url.find()).as("an rtmp URL in " + documented).isTrue();
            String key = url.group(1).split(" ")[0];
            int before = videoOf(received, key);
            Process process = ProcessRunner.start(List.of("bash", "-c", command), null);
            try {
                Wait.until(FRAMES + " video messages from: " + documented, Duration.ofSeconds(60), () ->
                        videoOf(received, key) - before >= FRAMES || !process.isAlive());
                if (!process.isAlive()) {
                    assertThat(process.exitValue()).as("exit code of " + documented).isZero();
                }
                assertThat(videoOf(received, key) - before).as("video messages from " + documented)
                        .isGreaterThanOrEqualTo(FRAMES);
            } finally {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyPlayingCommandInTheDocsPlays() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        List<String> commands = commands("ffplay ", "vlc ");
        assertThat(commands).as("playing commands in the docs").isNotEmpty();
        Path clip = Clips.h264Aac(4);
        List<List<String>> source = byStream(MediaTools.framemd5(ffmpeg, clip, null));
        MockEndpoint received = getMockEndpoint("mock:received");
        int n = 0;
        for (String documented : commands) {
            Matcher m = PLAY_URL.matcher(documented);
            assertThat(m.find()).as("a player URL (rtmp://HOST:1935/..., http://HOST:8080/...) in " + documented)
                    .isTrue();
            // the documented path with a key of its own per command, so that no command plays another's publish
            String path = m.group(3);
            String stream = path.replaceFirst("/index\\.m3u8$", "").replaceFirst("\\.flv$", "");
            String app = stream.substring(0, stream.lastIndexOf('/'));
            String key = stream.substring(stream.lastIndexOf('/') + 1) + "-" + (++n);
            String url = m.group(1) + "://127.0.0.1:" + (m.group(2).equals("1935") ? port : httpPort) + "/" + app
                    + "/" + key + path.substring(stream.length());
            int before = videoOf(received, key);
            Process publisher = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel",
                    "error", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv",
                    "rtmp://127.0.0.1:" + port + "/" + app + "/" + key), null);
            Path out = work.resolve("played-" + n + ".flv");
            Process player = null;
            try {
                Wait.until("the publish for " + documented + " started", Duration.ofSeconds(30),
                        () -> videoOf(received, key) > before || !publisher.isAlive());
                player = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                        "-i", url, "-map", "0", "-c", "copy", "-f", "flv", "-y", out.toString()), null);
                ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
                ProcessRunner.await(player, 60, List.of("ffmpeg reading " + url))
                        .requireSuccess("ffmpeg reading " + url + " for " + documented);
            } finally {
                publisher.destroy();
                if (player != null) {
                    player.destroy();
                }
            }
            assertThat(Files.exists(out)).as("what " + documented + " played").isTrue();
            assertExactTails(documented, byStream(MediaTools.framemd5(ffmpeg, out, null)), source);
        }
    }

    /** Asserts every stream played is an exact tail of a stream of the source, and every source stream played. */
    static void assertExactTails(String what, List<List<String>> played, List<List<String>> source) {
        assertThat(played).as("streams played by " + what).hasSameSizeAs(source);
        List<Integer> matched = new ArrayList<>();
        for (List<String> tail : played) {
            assertThat(tail).as("a stream played by " + what).isNotEmpty();
            int match = -1;
            for (int s = 0; s < source.size() && match < 0; s++) {
                List<String> all = source.get(s);
                if (!matched.contains(s) && all.size() >= tail.size()
                        && all.subList(all.size() - tail.size(), all.size()).equals(tail)) {
                    match = s;
                }
            }
            assertThat(match).as("a stream of %d packets played by %s is an exact tail of one of the clip's (%s)",
                    tail.size(), what, source.stream().map(List::size).toList()).isNotNegative();
            matched.add(match);
        }
    }

    /** Size and hash of each packet of a framemd5 listing, per stream index. */
    static List<List<String>> byStream(List<String> framemd5) {
        List<List<String>> streams = new ArrayList<>();
        for (String line : framemd5) {
            String[] f = line.split(",");
            int stream = Integer.parseInt(f[0].strip());
            while (streams.size() <= stream) {
                streams.add(new ArrayList<>());
            }
            streams.get(stream).add(f[4].strip() + " " + f[5].strip());
        }
        return streams;
    }

    private static int videoOf(MockEndpoint mock, String key) {
        return (int) mock.getExchanges().stream()
                .filter(e -> key.equals(e.getIn().getHeader(RtmpConstants.STREAM_KEY)))
                .filter(e -> RtmpConstants.TYPE_VIDEO.equals(e.getIn().getHeader(RtmpConstants.MESSAGE_TYPE)))
                .count();
    }
}
