package dev.camelrtmp.component;

import java.util.Map;

import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.PublishInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lazily read headers of a media Exchange answer exactly as the header map they turn into would: by name in
 * any case, typed, with defaults, and after the route changes them.
 */
class RtmpMediaExchangeMessageTest {

    private static final PublishInfo STREAM = new PublishInfo("live", "cam1", "cam1?token=x", "live",
            "127.0.0.1:50000", "c0ffee", 1, "rtmp://127.0.0.1/live", Map.of());
    /** An AVC key frame NALU with composition time 66. */
    private static final byte[] KEY_FRAME = { 0x17, 0x01, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00, 0x05, 0x65 };
    /** An AAC raw frame. */
    private static final byte[] AAC = { (byte) 0xAF, 0x01, 0x21, 0x10 };

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private RtmpMediaExchangeMessage video() {
        MediaMessage media = new MediaMessage(MediaMessage.Kind.VIDEO, 4_294_967_396L,
                new RtmpMessage(6, MessageType.VIDEO, 100, 1, KEY_FRAME));
        RtmpMediaExchangeMessage in = new RtmpMediaExchangeMessage(context, STREAM, media, RtmpConstants.TYPE_VIDEO,
                VideoTagHeader.parse(KEY_FRAME), null, null);
        in.setExchange(new DefaultExchange(context));
        in.setBody(KEY_FRAME);
        return in;
    }

    @Test
    void lazyHeadersEqualTheMapTheyBecome() {
        RtmpMediaExchangeMessage lazy = video();
        RtmpMediaExchangeMessage whole = video();
        Map<String, Object> map = whole.getHeaders();
        assertThat(map).containsEntry(RtmpConstants.STREAM_KEY, "cam1")
                .containsEntry(RtmpConstants.TIMESTAMP, 4_294_967_396L)
                .containsEntry(RtmpConstants.KEY_FRAME, true)
                .containsEntry(RtmpConstants.SEQUENCE_HEADER, false)
                .containsEntry(RtmpConstants.COMPOSITION_TIME, 66)
                .containsEntry(RtmpConstants.CODEC, "AVC")
                .containsEntry(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_VIDEO)
                .containsEntry(RtmpConstants.MESSAGE_TYPE_ID, MessageType.VIDEO)
                .containsEntry(RtmpConstants.TRACK_ID, 0)
                .containsEntry(RtmpConstants.PACKET_TYPE, 1)
                .doesNotContainKey(RtmpConstants.TIMESTAMP_NANO_OFFSET);
        for (Map.Entry<String, Object> header : map.entrySet()) {
            assertThat(lazy.getHeader(header.getKey())).as(header.getKey()).isEqualTo(header.getValue());
        }
        assertThat(lazy.getHeader(RtmpConstants.TIMESTAMP_NANO_OFFSET)).isNull();
        assertThat(lazy.getHeader(RtmpConstants.FOURCC)).isEqualTo(map.get(RtmpConstants.FOURCC));
        // none of that built the map
        assertThat(lazy.headersBuilt()).isFalse();
    }

    @Test
    void aCopyHasEveryHeader() {
        org.apache.camel.Exchange exchange = new DefaultExchange(context);
        RtmpMediaExchangeMessage in = video();
        exchange.setIn(in);
        assertThat(exchange.copy().getIn().getHeaders()).containsEntry(RtmpConstants.TIMESTAMP, 4_294_967_396L);
    }

    @Test
    void typedAndDefaultedLookups() {
        Message in = video();
        assertThat(in.getHeader(RtmpConstants.KEY_FRAME, Boolean.class)).isTrue();
        assertThat(in.getHeader(RtmpConstants.TIMESTAMP, String.class)).isEqualTo("4294967396");
        assertThat(in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class)).isEqualTo(4_294_967_396L);
        String absent = RtmpConstants.TIMESTAMP_NANO_OFFSET;
        assertThat(in.getHeader(absent, 7, Integer.class)).isEqualTo(7);
        assertThat(in.getHeader(absent, "none")).isEqualTo("none");
        assertThat(in.getHeader(absent, () -> "supplied")).isEqualTo("supplied");
        assertThat(in.getHeader(absent, boolean.class)).isFalse();
        assertThat(in.getHeader(RtmpConstants.PACKET_TYPE, 7, Integer.class)).isEqualTo(1);
    }

    @Test
    void otherNamesAndOtherCasesGoToTheMap() {
        RtmpMediaExchangeMessage in = video();
        assertThat(in.getHeader("camelrtmpstreamkey")).isEqualTo("cam1");
        assertThat(in.headersBuilt()).isTrue();
        assertThat(in.getHeader("SomethingElse")).isNull();
    }

    @Test
    void changesWin() {
        RtmpMediaExchangeMessage in = video();
        in.setHeader(RtmpConstants.STREAM_KEY, "renamed");
        in.removeHeader(RtmpConstants.KEY_FRAME);
        in.setHeader("Mine", 1);
        assertThat(in.getHeader(RtmpConstants.STREAM_KEY)).isEqualTo("renamed");
        assertThat(in.getHeader(RtmpConstants.KEY_FRAME)).isNull();
        assertThat(in.getHeader(RtmpConstants.KEY_FRAME, Boolean.class)).isNull();
        assertThat(in.getHeader(RtmpConstants.APPLICATION)).isEqualTo("live");
        Message copy = in.copy();
        assertThat(copy.getHeaders()).containsEntry(RtmpConstants.STREAM_KEY, "renamed")
                .containsEntry("Mine", 1).doesNotContainKey(RtmpConstants.KEY_FRAME)
                .containsEntry(RtmpConstants.TIMESTAMP, 4_294_967_396L);
        assertThat(copy.getBody()).isEqualTo(KEY_FRAME);
    }

    @Test
    void audioHasNoVideoHeaders() {
        MediaMessage media = new MediaMessage(MediaMessage.Kind.AUDIO, 23,
                new RtmpMessage(4, MessageType.AUDIO, 23, 1, AAC));
        RtmpMediaExchangeMessage in = new RtmpMediaExchangeMessage(context, STREAM, media, RtmpConstants.TYPE_AUDIO,
                null, AudioTagHeader.parse(AAC), null);
        assertThat(in.getHeader(RtmpConstants.KEY_FRAME)).isNull();
        assertThat(in.getHeader(RtmpConstants.COMPOSITION_TIME)).isNull();
        assertThat(in.getHeader(RtmpConstants.CODEC)).isEqualTo("AAC");
        assertThat(in.getHeader(RtmpConstants.SEQUENCE_HEADER)).isEqualTo(false);
        assertThat(in.getHeaders()).doesNotContainKey(RtmpConstants.KEY_FRAME)
                .doesNotContainKey(RtmpConstants.COMPOSITION_TIME).containsEntry(RtmpConstants.TIMESTAMP, 23L);
    }
}
