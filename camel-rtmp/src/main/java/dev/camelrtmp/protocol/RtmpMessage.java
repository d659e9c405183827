package dev.camelrtmp.protocol;

/**
 * One complete RTMP message: the reassembled payload of one or more chunks with its message header.
 * The payload is owned by the message (a plain array: no reference counting), so it can become an Exchange
 * body without another copy.
 */
public final class RtmpMessage {

    private final int chunkStreamId;
    private final int typeId;
    private final int timestamp;
    private final int messageStreamId;
    private final byte[] payload;

    /**
     * @param chunkStreamId   the chunk stream it travels on (2 to 65599)
     * @param typeId          the message type id, see {@link MessageType}
     * @param timestamp       the timestamp in milliseconds, an unsigned 32-bit value
     * @param messageStreamId the message stream id (0 for protocol control and NetConnection commands)
     * @param payload         the payload, owned by this message from now on
     */
    public RtmpMessage(int chunkStreamId, int typeId, int timestamp, int messageStreamId, byte[] payload) {
        this.chunkStreamId = chunkStreamId;
        this.typeId = typeId;
        this.timestamp = timestamp;
        this.messageStreamId = messageStreamId;
        this.payload = payload;
    }

    public int chunkStreamId() {
        return chunkStreamId;
    }

    public int typeId() {
        return typeId;
    }

    /** The timestamp as sent: 32 bits, to be read unsigned ({@link Integer#toUnsignedLong(int)}). */
    public int timestamp() {
        return timestamp;
    }

    public int messageStreamId() {
        return messageStreamId;
    }

    public byte[] payload() {
        return payload;
    }

    public int length() {
        return payload.length;
    }

    @Override
    public String toString() {
        return MessageType.name(typeId) + "{csid=" + chunkStreamId + ", msid=" + messageStreamId + ", ts="
                + Integer.toUnsignedLong(timestamp) + ", len=" + payload.length + '}';
    }
}
