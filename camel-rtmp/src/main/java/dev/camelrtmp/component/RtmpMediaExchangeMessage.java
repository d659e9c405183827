package dev.camelrtmp.component;

import java.util.Map;
import java.util.function.Supplier;

import dev.camelrtmp.media.AudioCodec;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.Track;
import dev.camelrtmp.media.VideoCodec;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.PublishInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultMessage;

/**
 * The In message of an Exchange made from one audio or video message. Its headers are read from the RTMP message
 * and its tag header when asked for: a route that looks at two headers does not pay for building a map of fifteen.
 * The map is built (with every header) as soon as anything needs it whole, or changes a header; from then on it
 * behaves exactly like a {@link DefaultMessage}. Like Camel's own transport messages (JMS, mail), it is a binding of
 * the transport's fields, not a copy of them.
 */
final class RtmpMediaExchangeMessage extends DefaultMessage {

    /** Answer of {@link #known(String)} for a name that is not one of this message's own headers. */
    private static final Object UNKNOWN = new Object();

    private final PublishInfo stream;
    private final MediaMessage media;
    private final String type;
    private final VideoTagHeader video;
    private final AudioTagHeader audio;
    private final Track track;

    /**
     * @param type  {@link RtmpConstants#TYPE_VIDEO} or {@link RtmpConstants#TYPE_AUDIO}
     * @param video the parsed video tag header, or null
     * @param audio the parsed audio tag header, or null
     * @param track the multitrack track this Exchange carries, or null
     */
    RtmpMediaExchangeMessage(CamelContext context, PublishInfo stream, MediaMessage media, String type,
            VideoTagHeader video, AudioTagHeader audio, Track track) {
        super(context);
        this.stream = stream;
        this.media = media;
        this.type = type;
        this.video = video;
        this.audio = audio;
        this.track = track;
    }

    /** The value of one of this message's own headers (null when it has none), or {@link #UNKNOWN}. */
    private Object known(String name) {
        switch (name) {
            case RtmpConstants.APPLICATION: return stream.application();
            case RtmpConstants.STREAM_KEY: return stream.streamKey();
            case RtmpConstants.STREAM_NAME: return stream.streamName();
            case RtmpConstants.CLIENT_ADDRESS: return stream.clientAddress();
            case RtmpConstants.CONNECTION_ID: return stream.connectionId();
            case RtmpConstants.MESSAGE_STREAM_ID: return stream.messageStreamId();
            case RtmpConstants.MESSAGE_TYPE: return type;
            case RtmpConstants.MESSAGE_TYPE_ID: return media.message().typeId();
            case RtmpConstants.TIMESTAMP: return media.timestamp();
            case RtmpConstants.TRACK_ID: return track == null ? 0 : track.trackId();
            case RtmpConstants.FOURCC: return fourCc();
            case RtmpConstants.CODEC: return codec();
            case RtmpConstants.ENHANCED:
                return video != null ? (Object) video.enhanced() : audio != null ? (Object) audio.enhanced() : null;
            case RtmpConstants.KEY_FRAME: return video != null ? video.codedKeyframe() : null;
            case RtmpConstants.SEQUENCE_HEADER:
                return video != null ? (Object) video.sequenceHeader()
                        : audio != null ? (Object) audio.sequenceHeader() : null;
            case RtmpConstants.COMPOSITION_TIME:
                return video == null ? null : track != null ? track.compositionTime() : video.compositionTime();
            case RtmpConstants.PACKET_TYPE: {
                int packetType = video != null ? video.packetType() : audio != null ? audio.packetType() : -1;
                return packetType >= 0 ? packetType : null;
            }
            case RtmpConstants.TIMESTAMP_NANO_OFFSET: {
                int offset = video != null ? video.timestampNanoOffset()
                        : audio != null ? audio.timestampNanoOffset() : 0;
                return offset != 0 ? offset : null;
            }
            default: return UNKNOWN;
        }
    }

    private String fourCc() {
        return track != null ? track.fourCc() : video != null ? video.fourCc() : audio != null ? audio.fourCc() : null;
    }

    private String codec() {
        if (video != null) {
            VideoCodec codec = track != null ? VideoCodec.byFourCc(track.fourCc()) : video.codec();
            return codec == null ? null : codec.name();
        }
        if (audio != null) {
            AudioCodec codec = track != null ? AudioCodec.byFourCc(track.fourCc()) : audio.codec();
            return codec == null ? null : codec.name();
        }
        return null;
    }

    /** The header without building the map, or {@link #UNKNOWN} when the map must answer. */
    private Object lookup(String name) {
        return hasPopulatedHeaders() ? UNKNOWN : known(name);
    }

    /** Whether the header map has been built (for tests). */
    boolean headersBuilt() {
        return hasPopulatedHeaders();
    }

    @Override
    protected boolean isPopulateHeadersSupported() {
        return true; // hasHeaders() (asked by copies) must build the map rather than answer "none"
    }

    @Override
    protected void populateInitialHeaders(Map<String, Object> map) {
        for (String name : HEADERS) {
            Object value = known(name);
            if (value != null) {
                map.put(name, value);
            }
        }
    }

    private static final String[] HEADERS = { RtmpConstants.APPLICATION, RtmpConstants.STREAM_KEY,
        RtmpConstants.STREAM_NAME, RtmpConstants.CLIENT_ADDRESS, RtmpConstants.CONNECTION_ID,
        RtmpConstants.MESSAGE_STREAM_ID, RtmpConstants.MESSAGE_TYPE, RtmpConstants.MESSAGE_TYPE_ID,
        RtmpConstants.TIMESTAMP, RtmpConstants.TRACK_ID, RtmpConstants.FOURCC, RtmpConstants.CODEC,
        RtmpConstants.ENHANCED, RtmpConstants.KEY_FRAME, RtmpConstants.SEQUENCE_HEADER,
        RtmpConstants.COMPOSITION_TIME, RtmpConstants.PACKET_TYPE, RtmpConstants.TIMESTAMP_NANO_OFFSET };

    @Override
    public Object getHeader(String name) {
        Object value = lookup(name);
        return value != UNKNOWN ? value : super.getHeader(name);
    }

    @Override
    public Object getHeader(String name, Object defaultValue) {
        Object value = lookup(name);
        if (value == UNKNOWN) {
            return super.getHeader(name, defaultValue);
        }
        return value != null ? value : defaultValue;
    }

    @Override
    public Object getHeader(String name, Supplier<Object> defaultValueSupplier) {
        Object value = lookup(name);
        if (value == UNKNOWN) {
            return super.getHeader(name, defaultValueSupplier);
        }
        return value != null ? value : defaultValueSupplier.get();
    }

    @Override
    public <T> T getHeader(String name, Class<T> type) {
        Object value = lookup(name);
        return value == UNKNOWN ? super.getHeader(name, type) : convert(value, type);
    }

    @Override
    public <T> T getHeader(String name, Object defaultValue, Class<T> type) {
        Object value = lookup(name);
        if (value == UNKNOWN) {
            return super.getHeader(name, defaultValue, type);
        }
        return convert(value != null ? value : defaultValue, type);
    }

    /** As {@link DefaultMessage} converts: null stays null (false for boolean), same type as is, else converted. */
    @SuppressWarnings("unchecked")
    private <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            return boolean.class == type ? (T) Boolean.FALSE : null;
        }
        if (type.isInstance(value)) {
            return (T) value;
        }
        Exchange exchange = getExchange();
        return exchange != null ? getCamelContext().getTypeConverter().convertTo(type, exchange, value)
                : getCamelContext().getTypeConverter().convertTo(type, value);
    }
}
