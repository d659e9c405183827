package dev.camelrtmp.protocol.chunk;

import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * The receiving state of one chunk stream: the last message header seen on it (which later chunks of type 1, 2
 * and 3 inherit from) and the message being reassembled.
 */
final class ChunkStream {

    /** Until this many bytes have arrived, a message's buffer is never larger than this. */
    static final int INITIAL_ALLOCATION_LIMIT = 64 * 1024;

    final int id;
    boolean hasHeader;
    int timestamp;
    int timestampDelta;
    int messageLength;
    int typeId;
    int messageStreamId;
    /** Whether the last message header carried an Extended Timestamp field. */
    boolean extendedTimestamp;

    private byte[] payload;
    private int received;

    ChunkStream(int id) {
        this.id = id;
    }

    boolean messageInProgress() {
        return payload != null;
    }

    int remaining() {
        return messageLength - received;
    }

    /** The size of the buffer a new message starts with. */
    int initialAllocation() {
        // The declared length is not trusted for allocation: large messages grow as their bytes arrive.
        return Math.min(messageLength, INITIAL_ALLOCATION_LIMIT);
    }

    void beginMessage() {
        payload = new byte[initialAllocation()];
        received = 0;
    }

    /** The bytes allocated for the message in progress: 0 when none is. */
    int allocated() {
        return payload == null ? 0 : payload.length;
    }

    /** The size the message's buffer will have once {@code length} more bytes have been appended. */
    int allocationAfter(int length) {
        int needed = received + length;
        if (needed > messageLength) {
            throw new RtmpProtocolException("chunk stream " + id + ": more payload than the declared length "
                    + messageLength);
        }
        if (needed <= payload.length) {
            return payload.length;
        }
        return (int) Math.min(messageLength, Math.max((long) payload.length * 2, needed));
    }

    void append(ByteBuf in, int length) {
        int needed = received + length;
        int size = allocationAfter(length);
        if (size > payload.length) {
            byte[] bigger = new byte[size];
            System.arraycopy(payload, 0, bigger, 0, received);
            payload = bigger;
        }
        in.readBytes(payload, received, length);
        received = needed;
    }

    boolean messageComplete() {
        return received == messageLength;
    }

    RtmpMessage finishMessage() {
        RtmpMessage message = new RtmpMessage(id, typeId, timestamp, messageStreamId, payload);
        payload = null;
        received = 0;
        return message;
    }

    void abortMessage() {
        payload = null;
        received = 0;
    }
}
