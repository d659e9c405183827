package dev.camelrtmp.server;

import java.util.List;
import java.util.Map;

import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import dev.camelrtmp.protocol.amf.Amf0;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audio, video or data message of a published stream, with its timestamp made monotonic across the 32-bit
 * wrap and its FLV tag header or AMF values parsed on first use. The payload is the message payload unchanged.
 */
public final class MediaMessage {

    private static final Logger LOG = LoggerFactory.getLogger(MediaMessage.class);

    /** The FLV tag type of the message, named as in the FLV specification. */
    public enum Kind {
        AUDIO, VIDEO, DATA
    }

    /** The data message name that asks a server to store the metadata that follows it. */
    public static final String SET_DATA_FRAME = "@setDataFrame";
    public static final String ON_METADATA = "onMetaData";

    private final Kind kind;
    private final long timestamp;
    private final RtmpMessage message;
    /** Parsed at construction (a few bytes): final, so every thread that gets the message sees them. */
    private final VideoTagHeader video;
    private final AudioTagHeader audio;
    /** A coded video key frame. */
    private final boolean keyframe;
    /** A video or audio sequence header. */
    private final boolean sequenceHeader;
    /** The AMF values of a data message, decoded on first use (any thread; rare). */
    private volatile List<Object> dataValues;

    public MediaMessage(Kind kind, long timestamp, RtmpMessage message) {
        this.kind = kind;
        this.timestamp = timestamp;
        this.message = message;
        byte[] payload = message.payload();
        VideoTagHeader v = null;
        AudioTagHeader a = null;
        try {
            if (kind == Kind.VIDEO && payload.length > 0) {
                v = VideoTagHeader.parse(payload);
            } else if (kind == Kind.AUDIO && payload.length > 0) {
                a = AudioTagHeader.parse(payload);
            }
        } catch (RtmpProtocolException e) {
            LOG.debug("Unparseable {} message header: {}", kind, e.getMessage());
        }
        this.video = v;
        this.audio = a;
        this.keyframe = v != null && v.codedKeyframe();
        this.sequenceHeader = v != null ? v.sequenceHeader() : a != null && a.sequenceHeader();
    }

    /** The kind of a message type id, or null when it is no media or data message. */
    public static Kind kindOf(int typeId) {
        switch (typeId) {
            case MessageType.AUDIO: return Kind.AUDIO;
            case MessageType.VIDEO: return Kind.VIDEO;
            case MessageType.DATA_AMF0:
            case MessageType.DATA_AMF3: return Kind.DATA;
            default: return null;
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The timestamp in milliseconds, counting on past 2^32 where the 32-bit field wrapped. */
    public long timestamp() {
        return timestamp;
    }

    public RtmpMessage message() {
        return message;
    }

    /** The message payload, unchanged: an FLV tag body. */
    public byte[] payload() {
        return message.payload();
    }

    /** The video tag header, or null for other kinds or an unparseable header. */
    public VideoTagHeader videoHeader() {
        return video;
    }

    /** The audio tag header, or null for other kinds or an unparseable header. */
    public AudioTagHeader audioHeader() {
        return audio;
    }

    /** A coded video key frame (not a sequence header). */
    public boolean keyframe() {
        return keyframe;
    }

    /** Metadata or a sequence header: what a decoder needs before any frame. */
    public boolean config() {
        return kind == Kind.DATA ? metadata() != null : sequenceHeader;
    }

    /** The AMF values of a data message, or an empty list. */
    public List<Object> dataValues() {
        List<Object> values = dataValues;
        if (values == null) {
            values = kind == Kind.DATA ? decodeData() : List.of();
            dataValues = values;
        }
        return values;
    }

    /** The handler name of a data message ({@code onMetaData}, {@code onCuePoint}...), after any @setDataFrame. */
    public String dataName() {
        List<Object> values = dataValues();
        int index = !values.isEmpty() && SET_DATA_FRAME.equals(values.get(0)) ? 1 : 0;
        return values.size() > index && values.get(index) instanceof String s ? s : null;
    }

    /** Whether the payload starts with the AMF0 string {@code @setDataFrame}. */
    public boolean isSetDataFrame() {
        List<Object> values = dataValues();
        return !values.isEmpty() && SET_DATA_FRAME.equals(values.get(0));
    }

    /** The metadata object of an {@code onMetaData} message, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        List<Object> values = dataValues();
        int index = !values.isEmpty() && SET_DATA_FRAME.equals(values.get(0)) ? 1 : 0;
        if (values.size() > index + 1 && ON_METADATA.equals(values.get(index))
                && values.get(index + 1) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        return null;
    }

    private List<Object> decodeData() {
        byte[] payload = message.payload();
        int offset = message.typeId() == MessageType.DATA_AMF3 && payload.length > 0 && payload[0] == 0 ? 1 : 0;
        try {
            return Amf0.decodeAll(Unpooled.wrappedBuffer(payload, offset, payload.length - offset));
        } catch (RtmpProtocolException e) {
            LOG.debug("Unparseable {} message header: {}", kind, e.getMessage());
            return List.of();
        }
    }
}
