package dev.camelrtmp.docs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every publishing command in README.md and docs/ (FFmpeg and GStreamer command lines), run as printed against this
 * server: HOST and port 1935 become a loopback port, {@code input.*} a test clip. Each must deliver video to the
 * route; live sources that never end are stopped once it has.
 */
class DocCommandsTest extends CamelTestSupport {

    private static final Pattern RTMP_URL = Pattern.compile("rtmp://[^ \"]+/([^/ \"?]+)[ \"]?");
    private static final int FRAMES = 30;

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "?duplicatePublish=TAKE_OVER").to("mock:received");
            }
        };
    }

    /** The command lines of the docs' shell blocks: continuations joined, comments left out. */
    static List<String> commands() throws Exception {
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
                    if (c.startsWith("ffmpeg ") || c.startsWith("gst-launch-1.0 ")) {
                        commands.add(c);
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

    private static int videoOf(MockEndpoint mock, String key) {
        return (int) mock.getExchanges().stream()
                .filter(e -> key.equals(e.getIn().getHeader(RtmpConstants.STREAM_KEY)))
                .filter(e -> RtmpConstants.TYPE_VIDEO.equals(e.getIn().getHeader(RtmpConstants.MESSAGE_TYPE)))
                .count();
    }
}
