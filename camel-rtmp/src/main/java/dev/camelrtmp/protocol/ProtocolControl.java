package dev.camelrtmp.protocol;

/**
 * Builds and reads protocol control messages (RTMP 5.4) and User Control messages (RTMP 6.2, 7.1.7). They all
 * travel on chunk stream 2, message stream 0.
 */
public final class ProtocolControl {

    /** The chunk stream protocol control messages travel on. */
    public static final int CHUNK_STREAM_ID = 2;

    /** Set Peer Bandwidth limit types. */
    public static final int LIMIT_HARD = 0;
    public static final int LIMIT_SOFT = 1;
    public static final int LIMIT_DYNAMIC = 2;

    /** User Control event types. */
    public static final int EVENT_STREAM_BEGIN = 0;
    public static final int EVENT_STREAM_EOF = 1;
    public static final int EVENT_STREAM_DRY = 2;
    public static final int EVENT_SET_BUFFER_LENGTH = 3;
    public static final int EVENT_STREAM_IS_RECORDED = 4;
    public static final int EVENT_PING_REQUEST = 6;
    public static final int EVENT_PING_RESPONSE = 7;

    private ProtocolControl() {
    }

    public static RtmpMessage setChunkSize(int size) {
        return control(MessageType.SET_CHUNK_SIZE, int32(size & 0x7FFFFFFF));
    }

    public static RtmpMessage abort(int chunkStreamId) {
        return control(MessageType.ABORT, int32(chunkStreamId));
    }

    /** @param sequenceNumber the number of bytes received so far (modulo 2^32) */
    public static RtmpMessage acknowledgement(long sequenceNumber) {
        return control(MessageType.ACKNOWLEDGEMENT, int32((int) sequenceNumber));
    }

    public static RtmpMessage windowAcknowledgementSize(int size) {
        return control(MessageType.WINDOW_ACKNOWLEDGEMENT_SIZE, int32(size));
    }

    public static RtmpMessage setPeerBandwidth(int size, int limitType) {
        byte[] p = new byte[5];
        putInt(p, 0, size);
        p[4] = (byte) limitType;
        return control(MessageType.SET_PEER_BANDWIDTH, p);
    }

    public static RtmpMessage streamBegin(int messageStreamId) {
        return userControl(EVENT_STREAM_BEGIN, messageStreamId);
    }

    public static RtmpMessage streamEof(int messageStreamId) {
        return userControl(EVENT_STREAM_EOF, messageStreamId);
    }

    public static RtmpMessage pingRequest(int timestamp) {
        return userControl(EVENT_PING_REQUEST, timestamp);
    }

    public static RtmpMessage pingResponse(int timestamp) {
        return userControl(EVENT_PING_RESPONSE, timestamp);
    }

    /** A User Control message with one 4-byte parameter. */
    public static RtmpMessage userControl(int eventType, int value) {
        byte[] p = new byte[6];
        p[0] = (byte) (eventType >>> 8);
        p[1] = (byte) eventType;
        putInt(p, 2, value);
        return control(MessageType.USER_CONTROL, p);
    }

    /** Reads the first 4-byte big-endian field of a control message's payload. */
    public static int readInt(RtmpMessage message) {
        return readInt(message.payload(), 0, MessageType.name(message.typeId()));
    }

    /** The event type of a User Control message. */
    public static int userControlEvent(RtmpMessage message) {
        byte[] p = message.payload();
        if (p.length < 2) {
            throw new RtmpProtocolException("User Control message of " + p.length + " bytes");
        }
        return ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
    }

    /** The first parameter of a User Control message. */
    public static int userControlValue(RtmpMessage message) {
        return readInt(message.payload(), 2, "User Control");
    }

    private static int readInt(byte[] p, int offset, String what) {
        if (p.length < offset + 4) {
            throw new RtmpProtocolException(what + " message of " + p.length + " bytes is too short");
        }
        return ((p[offset] & 0xFF) << 24) | ((p[offset + 1] & 0xFF) << 16) | ((p[offset + 2] & 0xFF) << 8)
                | (p[offset + 3] & 0xFF);
    }

    private static RtmpMessage control(int type, byte[] payload) {
        return new RtmpMessage(CHUNK_STREAM_ID, type, 0, 0, payload);
    }

    private static byte[] int32(int value) {
        byte[] p = new byte[4];
        putInt(p, 0, value);
        return p;
    }

    private static void putInt(byte[] p, int offset, int value) {
        p[offset] = (byte) (value >>> 24);
        p[offset + 1] = (byte) (value >>> 16);
        p[offset + 2] = (byte) (value >>> 8);
        p[offset + 3] = (byte) value;
    }
}
