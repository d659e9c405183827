package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application and stream names: a newline, a NUL or 2,000 characters are refused (NetConnection.Connect.Rejected,
 * NetStream.Publish.BadName), each refusal logged as one line with the name escaped; a 300-character key, as some
 * platforms hand out, is published whole by FFmpeg.
 */
class StreamNamesTest extends CamelTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final int port = AvailablePortFinder.getNextAvailable();
    private final List<String> media = Collections.synchronizedList(new ArrayList<>());
    private final List<Message> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?lifecycleEvents=true").process(exchange -> {
                    Message in = exchange.getIn();
                    String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
                    if (RtmpConstants.TYPE_EVENT.equals(type)) {
                        events.add(in.copy());
                    } else if (!RtmpConstants.TYPE_DATA.equals(type)) {
                        byte[] body = in.getBody(byte[].class);
                        media.add(type + "@" + (in.getHeader(RtmpConstants.TIMESTAMP, Long.class) & 0xFFFFFFFFL)
                                + " " + body.length + " " + MediaTools.sha256(body));
                    }
                });
            }
        };
    }

    private static void assertOneLine(LogCapture.Line line) {
        assertThat(line.message()).doesNotContain("\n", "\r", "\0", "\u2028");
    }

    @Test
    void controlCharactersAndOverlongNamesAreRefusedAndLoggedAsOneEscapedLine() throws Exception {
        try (LogCapture log = new LogCapture()) {
            try (RawRtmp client = new RawRtmp(port).handshake()) {
                client.connect("live\n12:00:00.000 INFO forged");
                assertThat(client.nextStatusCode(BOUND)).isEqualTo("NetConnection.Connect.Rejected");
                assertThat(client.closedWithin(BOUND)).isTrue();
                List<LogCapture.Line> lines = log.lines("WARN", "127.0.0.1:" + client.localPort() + ":");
                assertThat(lines).hasSize(1);
                assertOneLine(lines.get(0));
                assertThat(lines.get(0).message()).contains("application name 'live\\n12:00:00.000 INFO forged' "
                        + "contains control character U+000A");
            }
            try (RawRtmp client = new RawRtmp(port).handshake()) {
                client.connect("live").command(0, "createStream", 2, null);
                List<String> keys = List.of("cam\n12:00:00.000 INFO forged", "cam\0nul", "k".repeat(2000));
                for (String key : keys) {
                    client.command(1, "publish", 3, null, key, "live");
                    assertThat(client.nextStatusCode(BOUND)).as(key.substring(0, 3))
                            .isEqualTo("NetStream.Publish.BadName");
                }
                List<LogCapture.Line> lines = log.lines("WARN", "from 127.0.0.1:" + client.localPort() + " ");
                assertThat(lines).hasSize(3);
                lines.forEach(StreamNamesTest::assertOneLine);
                assertThat(lines.get(0).message()).contains("stream name 'cam\\n12:00:00.000 INFO forged' contains "
                        + "control character U+000A");
                assertThat(lines.get(1).message()).contains("stream name 'cam\\u0000nul' contains control "
                        + "character U+0000");
                assertThat(lines.get(2).message()).contains("k".repeat(200)).contains("...(2000 chars)' is 2000 "
                        + "characters long, more than 1024 (maxNameLength)").hasSizeLessThan(500);
            }
        }
        assertThat(events).as("the route hears of no such name").isEmpty();
    }

    @Test
    void aKeyOf300CharactersIsPublishedWhole() throws Exception {
        Path clip = Clips.h264Aac(6);
        String key = "k0123456789".repeat(27) + "abc";
        assertThat(key).hasSize(300);
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/" + key), null, 60)
                .requireSuccess("ffmpeg publish with a 300-character key");
        Wait.until("the stream ends", BOUND, () -> events.size() == 2);
        assertThat(events.get(1).getHeader(RtmpConstants.STREAM_KEY)).isEqualTo(key);
        List<String> tags = new ArrayList<>();
        for (FlvTag tag : FlvReader.readAll(clip)) {
            if (tag.type() == FlvTagType.AUDIO || tag.type() == FlvTagType.VIDEO) {
                tags.add((tag.type() == FlvTagType.AUDIO ? "AUDIO" : "VIDEO") + "@" + tag.timestamp() + " "
                        + tag.data().length + " " + MediaTools.sha256(tag.data()));
            }
        }
        assertThat(media).containsExactlyElementsOf(tags);
    }
}
