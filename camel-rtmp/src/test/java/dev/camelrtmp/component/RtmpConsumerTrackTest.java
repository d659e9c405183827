package dev.camelrtmp.component;

import java.util.Map;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.PublishInfo;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the consumer maps Enhanced RTMP messages that no available client sends to Exchanges: multitrack messages
 * carrying several tracks, ModEx nanosecond offsets, audio FourCCs. Messages are built byte by byte from the
 * specification's tables and handed to the consumer as the server would.
 */
class RtmpConsumerTrackTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();
    private final PublishInfo stream = new PublishInfo("live", "cam", "cam", "live", "127.0.0.1:5000", "c1", 1, null,
            Map.of());

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live").routeId("ingest").to("mock:out");
            }
        };
    }

    private static byte[] b(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private void deliver(int type, byte[] payload) {
        RtmpConsumer consumer = (RtmpConsumer) context.getRoute("ingest").getConsumer();
        consumer.onMessage(stream, new MediaMessage(type == MessageType.VIDEO ? MediaMessage.Kind.VIDEO
                : MediaMessage.Kind.AUDIO, 1000, new RtmpMessage(6, type, 1000, 1, payload)));
    }

    @Test
    void manyTracksBecomeOneExchangePerTrack() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(2);
        // key frame, Multitrack; ManyTracksManyCodecs | CodedFrames; hvc1 track 0 (cts 33, data 7 7); av01 track 5
        deliver(MessageType.VIDEO, b(0x96, 0x21, 'h', 'v', 'c', '1', 0, 0, 0, 5, 0, 0, 0x21, 7, 7,
                'a', 'v', '0', '1', 5, 0, 0, 1, 9));
        out.assertIsSatisfied();
        Exchange hevc = out.getExchanges().get(0);
        Exchange av1 = out.getExchanges().get(1);
        assertThat(hevc.getIn().getHeaders()).containsEntry(RtmpConstants.TRACK_ID, 0)
                .containsEntry(RtmpConstants.CODEC, "HEVC").containsEntry(RtmpConstants.FOURCC, "hvc1")
                .containsEntry(RtmpConstants.COMPOSITION_TIME, 33).containsEntry(RtmpConstants.KEY_FRAME, true)
                .containsEntry(RtmpConstants.PACKET_TYPE, 1).containsEntry(RtmpConstants.ENHANCED, true);
        // each track re-framed as a OneTrack message of its own
        assertThat(hevc.getIn().getBody(byte[].class)).containsExactly(b(0x96, 0x01, 'h', 'v', 'c', '1', 0, 0, 0,
                0x21, 7, 7));
        assertThat(av1.getIn().getHeaders()).containsEntry(RtmpConstants.TRACK_ID, 5)
                .containsEntry(RtmpConstants.CODEC, "AV1").containsEntry(RtmpConstants.COMPOSITION_TIME, 0);
        assertThat(av1.getIn().getBody(byte[].class)).containsExactly(b(0x96, 0x01, 'a', 'v', '0', '1', 5, 9));
    }

    @Test
    void oneTrackMessageKeepsItsBodyAndGetsItsTrackId() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        byte[] payload = b(0x95, 0x00, 'O', 'p', 'u', 's', 2, 1, 2, 3);
        deliver(MessageType.AUDIO, payload);
        out.assertIsSatisfied();
        assertThat(out.getExchanges().get(0).getIn().getBody(byte[].class)).isEqualTo(payload);
        assertThat(out.getExchanges().get(0).getIn().getHeaders()).containsEntry(RtmpConstants.TRACK_ID, 2)
                .containsEntry(RtmpConstants.CODEC, "OPUS").containsEntry(RtmpConstants.SEQUENCE_HEADER, true);
    }

    @Test
    void modExNanosecondOffsetAndAudioFourCcs() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(5);
        deliver(MessageType.VIDEO, b(0x97, 0x02, 0x00, 0x03, 0xE8, 0x01, 'a', 'v', 'c', '1', 0, 0, 0, 1));
        deliver(MessageType.AUDIO, b(0x91, 'f', 'L', 'a', 'C', 1));
        deliver(MessageType.AUDIO, b(0x91, 'a', 'c', '-', '3', 1));
        deliver(MessageType.AUDIO, b(0x91, 'e', 'c', '-', '3', 1));
        deliver(MessageType.AUDIO, b(0x91, '.', 'm', 'p', '3', 1));
        out.assertIsSatisfied();
        assertThat(out.getExchanges().get(0).getIn().getHeaders())
                .containsEntry(RtmpConstants.TIMESTAMP_NANO_OFFSET, 1000).containsEntry(RtmpConstants.CODEC, "AVC")
                .containsEntry(RtmpConstants.TIMESTAMP, 1000L);
        assertThat(out.getExchanges()).extracting(e -> e.getIn().getHeader(RtmpConstants.CODEC))
                .containsExactly("AVC", "FLAC", "AC3", "EAC3", "MP3");
    }

    @Test
    void legacyFramesGetTheDefaultTrack() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        deliver(MessageType.VIDEO, b(0x17, 0x00, 0, 0, 0, 1, 2));
        out.assertIsSatisfied();
        assertThat(out.getExchanges().get(0).getIn().getHeaders()).containsEntry(RtmpConstants.TRACK_ID, 0)
                .containsEntry(RtmpConstants.CODEC, "AVC").containsEntry(RtmpConstants.FOURCC, "avc1")
                .containsEntry(RtmpConstants.ENHANCED, false).containsEntry(RtmpConstants.SEQUENCE_HEADER, true);
    }
}
