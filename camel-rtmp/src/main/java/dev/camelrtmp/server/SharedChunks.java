package dev.camelrtmp.server;

import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkedMessage;
import io.netty.buffer.ByteBufAllocator;

/**
 * One live message as the players of a path get it, chunked at most once per (chunk stream, message stream, chunk
 * size): usually every player has the server's chunk size and message stream 1, so one encoding serves them all.
 * Lives for one hand-out of the message to the players, under the source's monitor; {@link #release()} then drops
 * the encodings' own references (each player's write holds one of its own).
 */
public final class SharedChunks {

    private final RtmpMessage message;
    private ChunkedMessage first;
    private int firstChunkStreamId;
    private int firstMessageStreamId;
    /** Encodings beyond the first, rare: players with another chunk size or message stream id. */
    private java.util.List<ChunkedMessage> more;

    /** @param message the message as received: its type, timestamp and payload are what the players get */
    SharedChunks(RtmpMessage message) {
        this.message = message;
    }

    /**
     * The message chunked for one player's connection, as a reference of the caller's own (a retained duplicate of
     * the shared bytes): the player writes it, and the encoder passes it on or releases it.
     */
    ChunkedMessage chunked(int chunkStreamId, int messageStreamId, int chunkSize, ByteBufAllocator alloc) {
        return encoding(chunkStreamId, messageStreamId, chunkSize, alloc).retainedDuplicate();
    }

    /**
     * The shared encoding for one player's connection, made on first use; the reference stays this object's (a
     * caller that keeps it beyond {@link #release()} takes a retained duplicate).
     */
    ChunkedMessage encoding(int chunkStreamId, int messageStreamId, int chunkSize, ByteBufAllocator alloc) {
        if (first != null && firstChunkStreamId == chunkStreamId && firstMessageStreamId == messageStreamId
                && first.chunkSize() == chunkSize) {
            return first;
        }
        if (more != null) {
            for (ChunkedMessage chunked : more) {
                RtmpMessage m = chunked.message();
                if (m.chunkStreamId() == chunkStreamId && m.messageStreamId() == messageStreamId
                        && chunked.chunkSize() == chunkSize) {
                    return chunked;
                }
            }
        }
        ChunkedMessage chunked = ChunkedMessage.encode(new RtmpMessage(chunkStreamId, message.typeId(),
                message.timestamp(), messageStreamId, message.payload()), chunkSize, alloc);
        if (first == null) {
            first = chunked;
            firstChunkStreamId = chunkStreamId;
            firstMessageStreamId = messageStreamId;
        } else {
            if (more == null) {
                more = new java.util.ArrayList<>(2);
            }
            more.add(chunked);
        }
        return chunked;
    }

    /** How many encodings were made: 1 when every player shared one. */
    int encodings() {
        return (first == null ? 0 : 1) + (more == null ? 0 : more.size());
    }

    /** Drops the encodings' own references; the players' writes keep theirs until sent. */
    void release() {
        if (first != null) {
            first.release();
            first = null;
        }
        if (more != null) {
            more.forEach(ChunkedMessage::release);
            more = null;
        }
    }
}
