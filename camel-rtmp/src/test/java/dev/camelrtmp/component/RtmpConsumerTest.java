package dev.camelrtmp.component;

import java.util.List;

import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several consumers on one port: each application and stream key reaches its own route; what no route serves is
 * refused, and FFmpeg gives up at once instead of waiting.
 */
class RtmpConsumerTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live").to("mock:live");
                from("rtmp://127.0.0.1:" + port + "/live/vip").to("mock:vip");
                from("rtmp://127.0.0.1:" + port + "/studio?lifecycleEvents=true").to("mock:studio");
            }
        };
    }

    private ProcessResult publish(String path) throws Exception {
        return ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + path),
                null, 60);
    }

    @Test
    void consumersShareOneListenerAndGetTheirOwnStreams() throws Exception {
        MockEndpoint live = getMockEndpoint("mock:live");
        MockEndpoint vip = getMockEndpoint("mock:vip");
        MockEndpoint studio = getMockEndpoint("mock:studio");
        // every message FFmpeg publishes: video (with sequence header and end of sequence), audio (with sequence
        // header), metadata
        java.nio.file.Path clip = Clips.h264Aac(6);
        int messages = MediaTools.publishedMessages(clip);
        live.expectedMessageCount(messages);
        vip.expectedMessageCount(messages);
        studio.expectedMessageCount(messages + 2); // plus PUBLISH_START and PUBLISH_END
        live.allMessages().header(RtmpConstants.STREAM_KEY).isEqualTo("cam");
        live.allMessages().header(RtmpConstants.STREAM_NAME).isEqualTo("cam?token=abc");
        vip.allMessages().header(RtmpConstants.STREAM_KEY).isEqualTo("vip");
        studio.message(0).header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_START);
        studio.message(messages + 1).header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END);
        studio.message(messages + 1).header(RtmpConstants.END_REASON).isEqualTo("UNPUBLISHED");
        studio.message(messages + 1).header(RtmpConstants.VIDEO_COUNT)
                .isEqualTo(MediaTools.publishedMessages(clip, FlvTagType.VIDEO));

        live.expectedHeaderValuesReceivedInAnyOrder(RtmpConstants.STREAM_KEY, java.util.Collections.nCopies(messages,
                "cam"));
        publish("live/cam?token=abc").requireSuccess("publish live/cam");
        publish("live/vip").requireSuccess("publish live/vip");
        publish("studio/one").requireSuccess("publish studio/one");
        MockEndpoint.assertIsSatisfied(context, 30, java.util.concurrent.TimeUnit.SECONDS);

        live.getExchanges().stream().filter(e -> "DATA".equals(e.getIn().getHeader(RtmpConstants.MESSAGE_TYPE)))
                .forEach(e -> assertThat(e.getIn().getHeader(RtmpConstants.METADATA, java.util.Map.class))
                        .containsKeys("width", "height", "videocodecid"));
        assertThat(live.getExchanges().stream().filter(e -> Boolean.TRUE.equals(
                e.getIn().getHeader(RtmpConstants.KEY_FRAME))).count()).as("the coded key frames FFmpeg sent (not "
                + "the sequence header and end of sequence)").isEqualTo(MediaTools.publishedTags(clip).stream()
                        .filter(t -> t.type() == FlvTagType.VIDEO && (t.data()[0] & 0xF0) == 0x10 && t.data()[1] == 1)
                        .count());
    }

    @Test
    void unservedApplicationsAndKeysAreRefused() throws Exception {
        ProcessResult app = publish("nosuchapp/cam");
        assertThat(app.exitCode()).isNotZero();
        assertThat(app.stderr()).contains("is not served here");
        // studio serves any key; live/vip only vip, but live itself any key: use a key-only application
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/keyed/only").to("mock:keyed");
            }
        });
        ProcessResult key = publish("keyed/other");
        assertThat(key.exitCode()).isNotZero();
        assertThat(key.stderr()).contains("is not accepted");
        assertThat(getMockEndpoint("mock:keyed").getReceivedCounter()).isZero();
    }
}
