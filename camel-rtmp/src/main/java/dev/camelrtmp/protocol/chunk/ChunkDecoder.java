package dev.camelrtmp.protocol.chunk;

import java.util.List;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * Reassembles RTMP messages from the chunk stream (RTMP specification section 5.3): chunk types 0 to 3, 1, 2 and
 * 3-byte chunk stream ids, extended timestamps (also on type 3 chunks, exactly when the message header had one),
 * interleaved chunk streams, Set Chunk Size and Abort Message.
 * <p>
 * A state machine over the cumulated input: a chunk header is read whole or not at all, chunk payload is taken as
 * it arrives. Set Chunk Size and Abort are applied here, since they change how the following bytes are read, and
 * then passed on like every other message. Malformed input raises {@link RtmpProtocolException}.
 */
public class ChunkDecoder extends ByteToMessageDecoder {

    /** The chunk size every RTMP connection starts with. */
    public static final int DEFAULT_CHUNK_SIZE = 128;
    /** The largest chunk size the specification allows. */
    public static final int MAX_CHUNK_SIZE = 0x7FFFFFFF;

    private static final int EXTENDED_TIMESTAMP_MARKER = 0xFFFFFF;

    private final int maxMessageSize;
    private final long maxBufferedBytes;
    private final int maxChunkStreams;
    /** Chunk streams 2 to 63 (one-byte basic headers: what encoders use) by index, the others in a map. */
    private final ChunkStream[] lowChunkStreams = new ChunkStream[64];
    private final IntObjectMap<ChunkStream> highChunkStreams = new IntObjectHashMap<>(4);
    private int chunkStreamCount;

    private int chunkSize = DEFAULT_CHUNK_SIZE;
    /** The chunk stream whose chunk payload is being read, or null while waiting for a chunk header. */
    private ChunkStream current;
    private int chunkRemaining;
    /** The bytes allocated for messages in progress on all chunk streams. */
    private long bufferedBytes;

    /**
     * @param maxMessageSize  the largest message length accepted; a larger declared length closes the connection.
     *                        The messages in progress on all chunk streams together may hold twice that
     * @param maxChunkStreams the most chunk streams one connection may use
     */
    public ChunkDecoder(int maxMessageSize, int maxChunkStreams) {
        this.maxMessageSize = maxMessageSize;
        this.maxBufferedBytes = 2L * maxMessageSize;
        this.maxChunkStreams = maxChunkStreams;
    }

    /**
     * The bytes held for messages not yet complete, on all chunk streams: what this connection holds in memory
     * beyond the messages it has passed on. At most twice the largest message size.
     */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** The chunk size the peer currently sends with. */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (current == null && !readChunkHeader(in)) {
                return;
            }
            int length = Math.min(in.readableBytes(), chunkRemaining);
            if (length > 0) {
                int before = current.allocated();
                reserve(current, current.allocationAfter(length) - before);
                current.append(in, length);
                bufferedBytes += current.allocated() - before;
                chunkRemaining -= length;
            }
            if (chunkRemaining > 0) {
                return;
            }
            ChunkStream stream = current;
            current = null;
            if (stream.messageComplete()) {
                bufferedBytes -= stream.allocated();
                RtmpMessage message = stream.finishMessage();
                applyControl(message);
                out.add(message);
            }
        }
    }

    /** Reads one whole chunk header, or nothing when its bytes have not all arrived. */
    private boolean readChunkHeader(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < 1) {
            return false;
        }
        int first = in.getUnsignedByte(start);
        int fmt = first >>> 6;
        int csid = first & 0x3F;
        int basicLength = 1;
        if (csid == 0) {
            if (available < 2) {
                return false;
            }
            csid = 64 + in.getUnsignedByte(start + 1);
            basicLength = 2;
        } else if (csid == 1) {
            if (available < 3) {
                return false;
            }
            csid = 64 + in.getUnsignedByte(start + 1) + (in.getUnsignedByte(start + 2) << 8);
            basicLength = 3;
        }
        ChunkStream stream = chunkStream(csid);
        boolean continuation = stream != null && stream.messageInProgress();
        int headerLength = fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0;
        if (available < basicLength + headerLength) {
            return false;
        }
        int pos = start + basicLength;
        int timestampField = 0;
        if (fmt <= 2) {
            timestampField = in.getUnsignedMedium(pos);
        }
        boolean extended = fmt <= 2
                ? timestampField == EXTENDED_TIMESTAMP_MARKER
                : stream != null && stream.extendedTimestamp;
        int totalLength = basicLength + headerLength + (extended ? 4 : 0);
        if (available < totalLength) {
            return false;
        }
        // The whole header is here: validate and apply it.
        if (stream == null) {
            if (fmt != 0) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts with a type " + fmt
                        + " chunk: no previous message header to refer to");
            }
            if (chunkStreamCount >= maxChunkStreams) {
                throw new RtmpProtocolException("more than " + maxChunkStreams + " chunk streams on one connection");
            }
            stream = new ChunkStream(csid);
            if (csid < lowChunkStreams.length) {
                lowChunkStreams[csid] = stream;
            } else {
                highChunkStreams.put(csid, stream);
            }
            chunkStreamCount++;
        }
        int extendedValue = extended ? in.getInt(pos + headerLength) : 0;
        if (continuation && fmt != 3) {
            throw new RtmpProtocolException("chunk stream " + csid + ": a type " + fmt
                    + " chunk header arrived while a message of " + stream.messageLength + " bytes had "
                    + stream.remaining() + " bytes outstanding");
        }
        if (!continuation) {
            switch (fmt) {
                case 0:
                    stream.messageLength = in.getUnsignedMedium(pos + 3);
                    stream.typeId = in.getUnsignedByte(pos + 6);
                    stream.messageStreamId = in.getIntLE(pos + 7);
                    stream.timestamp = extended ? extendedValue : timestampField;
                    // a following type 3 chunk repeats this timestamp as its delta (RTMP 5.3.1.2.4)
                    stream.timestampDelta = stream.timestamp;
                    break;
                case 1:
                    stream.messageLength = in.getUnsignedMedium(pos + 3);
                    stream.typeId = in.getUnsignedByte(pos + 6);
                    stream.timestampDelta = extended ? extendedValue : timestampField;
                    stream.timestamp += stream.timestampDelta;
                    break;
                case 2:
                    stream.timestampDelta = extended ? extendedValue : timestampField;
                    stream.timestamp += stream.timestampDelta;
                    break;
                default:
                    if (!stream.hasHeader) {
                        throw new RtmpProtocolException("chunk stream " + csid
                                + " starts with a type 3 chunk: no previous message header to refer to");
                    }
                    if (extended) {
                        stream.timestampDelta = extendedValue;
                    }
                    stream.timestamp += stream.timestampDelta;
                    break;
            }
            if (fmt <= 2) {
                stream.extendedTimestamp = extended;
            }
            if (!stream.hasHeader && fmt != 0) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts with a type " + fmt + " chunk");
            }
            stream.hasHeader = true;
            if (stream.messageLength > maxMessageSize) {
                throw new RtmpProtocolException("chunk stream " + csid + ": declared message length "
                        + stream.messageLength + " exceeds the limit of " + maxMessageSize + " bytes");
            }
            reserve(stream, stream.initialAllocation());
            stream.beginMessage();
            bufferedBytes += stream.allocated();
        }
        in.readerIndex(start + totalLength);
        current = stream;
        chunkRemaining = Math.min(chunkSize, stream.remaining());
        return true;
    }

    /** Refuses an allocation that would take the messages in progress past their limit. */
    private void reserve(ChunkStream stream, long more) {
        if (more > 0 && bufferedBytes + more > maxBufferedBytes) {
            throw new RtmpProtocolException("chunk stream " + stream.id + ": messages in progress would hold "
                    + (bufferedBytes + more) + " bytes, more than twice the largest message size ("
                    + maxMessageSize + ")");
        }
    }

    private ChunkStream chunkStream(int csid) {
        return csid < lowChunkStreams.length ? lowChunkStreams[csid] : highChunkStreams.get(csid);
    }

    private void applyControl(RtmpMessage message) {
        if (message.typeId() == MessageType.SET_CHUNK_SIZE) {
            int size = readControlInt(message, "Set Chunk Size");
            if (size <= 0) {
                throw new RtmpProtocolException("invalid chunk size " + size + " (must be 1 to 2^31-1)");
            }
            chunkSize = size;
        } else if (message.typeId() == MessageType.ABORT) {
            int csid = readControlInt(message, "Abort Message");
            ChunkStream stream = csid >= 0 ? chunkStream(csid) : null;
            if (stream != null) {
                bufferedBytes -= stream.allocated();
                stream.abortMessage();
            }
        }
    }

    private static int readControlInt(RtmpMessage message, String what) {
        byte[] p = message.payload();
        if (p.length < 4) {
            throw new RtmpProtocolException(what + " message of " + p.length + " bytes, expected 4");
        }
        return ((p[0] & 0xFF) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }
}
