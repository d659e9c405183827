package dev.camelrtmp.component;

import dev.camelrtmp.dataformat.FlvDataFormat;
import java.nio.file.Files;

import dev.camelrtmp.client.RtmpPublishException;
import dev.camelrtmp.test.Clips;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer against this project's own server: a refused publish fails the Exchange with the server's status
 * code; an accepted one arrives frame for frame; a key from the header or from toD reaches the right stream.
 */
class RtmpProducerTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/keyed/only?lifecycleEvents=true").to("mock:only");
                from("direct:publish").to("rtmp://127.0.0.1:" + port + "/keyed");
                from("direct:file").unmarshal(new FlvDataFormat()).split(body()).streaming()
                        .toD("rtmp://127.0.0.1:" + port + "/keyed/${exchangeProperty.key}").end();
            }
        };
    }

    private Exchange publishOneFrame(String uri, String key) {
        return template.send(uri, e -> {
            e.getIn().setHeader(RtmpConstants.STREAM_KEY, key);
            e.getIn().setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_AUDIO);
            e.getIn().setHeader(RtmpConstants.TIMESTAMP, 0L);
            e.getIn().setBody(new byte[] { (byte) 0xAF, 0x00, 0x12, 0x10 });
        });
    }

    @Test
    void refusedPublishFailsWithTheServersStatusCode() {
        Exchange badKey = publishOneFrame("direct:publish", "other");
        assertThat(badKey.getException()).isInstanceOf(RtmpPublishException.class)
                .hasMessageContaining("NetStream.Publish.BadName");
        assertThat(((RtmpPublishException) badKey.getException()).statusCode()).isEqualTo("NetStream.Publish.BadName");

        Exchange badApp = publishOneFrame("rtmp://127.0.0.1:" + port + "/nosuchapp/x", "x");
        assertThat(badApp.getException()).isInstanceOf(RtmpPublishException.class)
                .hasMessageContaining("NetConnection.Connect.Rejected");
    }

    @Test
    void unreachableServerFailsTheExchange() {
        int closed = AvailablePortFinder.getNextAvailable();
        Exchange e = publishOneFrame("rtmp://127.0.0.1:" + closed + "/live/x", "x");
        assertThat(e.getException()).isInstanceOf(RtmpPublishException.class).hasMessageContaining("cannot connect");
    }

    @Test
    void fileReplayedWithToDArrivesWholeUnderItsKey() throws Exception {
        MockEndpoint only = getMockEndpoint("mock:only");
        int tags = dev.camelrtmp.media.FlvReader.readAll(Clips.h264Aac(6)).size();
        only.expectedMessageCount(tags + 2); // PUBLISH_START, a message per tag of the file, PUBLISH_END
        only.message(tags + 1).header(RtmpConstants.END_REASON).isEqualTo("UNPUBLISHED");
        template.send("direct:file", e -> {
            e.setProperty("key", "only");
            e.getIn().setBody(Files.newInputStream(Clips.h264Aac(6)));
        });
        MockEndpoint.assertIsSatisfied(context, 30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
