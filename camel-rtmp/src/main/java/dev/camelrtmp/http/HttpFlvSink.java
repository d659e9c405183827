package dev.camelrtmp.http;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.server.LiveSink;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.SharedChunks;
import dev.camelrtmp.server.SlowSinkPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;

/**
 * One HTTP-FLV response: the FLV header, its flags from the first message's {@code onMetaData} (see
 * {@link #flags}), then each message of the live path becomes an FLV tag (11-byte tag header, the payload wrapped,
 * not copied, and the PreviousTagSize) sent as one chunk of the response. When the publisher ends, the response ends
 * with its last chunk and the connection closes: the reader sees a whole FLV file end.
 * <p>
 * Writes are queued and written by one task per turn of the channel's event loop, then flushed once. Slow-reader
 * policy, as for RTMP players ({@link SlowSinkPolicy}): the bytes queued and not yet sent are counted; past
 * {@code maxQueuedBytes} messages are dropped until the next coded video key frame, counted.
 * <p>
 * Threading: {@link #send}, {@link #publishNotify}, {@link #unpublishNotify} and the counts are called and guarded
 * under the monitor of the live source; the queue is emptied on the channel's event loop.
 */
final class HttpFlvSink implements LiveSink {

    static final int TAG_HEADER_SIZE = 11;
    static final int FILE_HEADER_SIZE = 13;
    static final int FLAG_AUDIO = 0x04;
    static final int FLAG_VIDEO = 0x01;

    /** Marks the end of the response in the queue. */
    private static final Object END = new Object();

    private final Channel channel;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final Queue<Object> pending = PlatformDependent.newMpscQueue();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Runnable writePending = this::writePending;
    private final SlowSinkPolicy policy;
    /** The FLV header is queued (before the first tag, or before the end). */
    private final AtomicBoolean headerSent = new AtomicBoolean();
    /** The response ends (END is queued): nothing more is sent. */
    private final AtomicBoolean ended = new AtomicBoolean();
    /** It ends because the publisher did. */
    private volatile boolean unpublished;
    private long sent;
    private long bytesSent;

    HttpFlvSink(Channel channel, long maxQueuedBytes) {
        this.channel = channel;
        this.policy = new SlowSinkPolicy(maxQueuedBytes);
    }

    @Override
    public void send(MediaMessage message, SharedChunks shared) {
        if (ended.get()) {
            return;
        }
        if (headerSent.compareAndSet(false, true)) {
            write(fileHeader(channel, flags(message)), FILE_HEADER_SIZE);
        }
        int tagType = switch (message.kind()) {
            case AUDIO -> FlvTagType.AUDIO;
            case VIDEO -> FlvTagType.VIDEO;
            default -> message.message().typeId() == MessageType.DATA_AMF0 ? FlvTagType.SCRIPT_DATA : -1;
        };
        if (tagType < 0) {
            return; // AMF3 data has no FLV tag
        }
        if (!policy.admit(message, queuedBytes())) {
            return;
        }
        byte[] payload = message.payload();
        write(tag(channel, tagType, message.timestamp(), payload), TAG_HEADER_SIZE + payload.length + 4L);
        sent++;
        bytesSent += payload.length;
    }

    /**
     * The FLV header's TypeFlags for a stream whose first message is {@code first}: what its {@code onMetaData}
     * announces (audio and video codec ids), else audio and video. Players such as mpegts.js wait for every track the
     * flags announce, so an audio-only stream must not announce video.
     */
    static int flags(MediaMessage first) {
        if (first.kind() == MediaMessage.Kind.DATA) {
            java.util.Map<String, Object> metadata = first.metadata();
            if (metadata != null) {
                int flags = (metadata.containsKey("audiocodecid") ? FLAG_AUDIO : 0)
                        | (metadata.containsKey("videocodecid") ? FLAG_VIDEO : 0);
                if (flags != 0) {
                    return flags;
                }
            }
        }
        return FLAG_AUDIO | FLAG_VIDEO;
    }

    /** The FLV header (signature, version 1, TypeFlags, header size 9) and PreviousTagSize0. */
    static ByteBuf fileHeader(Channel channel, int flags) {
        ByteBuf header = channel.alloc().heapBuffer(FILE_HEADER_SIZE, FILE_HEADER_SIZE);
        header.writeByte('F').writeByte('L').writeByte('V').writeByte(1).writeByte(flags).writeInt(9).writeInt(0);
        return header;
    }

    /** One FLV tag: header, the payload wrapped (not copied), PreviousTagSize. */
    static ByteBuf tag(Channel channel, int tagType, long timestamp, byte[] payload) {
        ByteBuf header = channel.alloc().heapBuffer(TAG_HEADER_SIZE, TAG_HEADER_SIZE);
        header.writeByte(tagType);
        header.writeMedium(payload.length);
        header.writeMedium((int) (timestamp & 0xFFFFFF));
        header.writeByte((int) (timestamp >>> 24) & 0xFF);
        header.writeMedium(0); // StreamID
        ByteBuf trailer = channel.alloc().heapBuffer(4, 4);
        trailer.writeInt(TAG_HEADER_SIZE + payload.length);
        CompositeByteBuf tag = channel.alloc().compositeHeapBuffer(3);
        tag.addComponents(true, header, Unpooled.wrappedBuffer(payload), trailer);
        return tag;
    }

    @Override
    public void publishNotify() {
        policy.publishStarted();
    }

    /** The publisher ended: so does the response (its last chunk), and the connection closes. */
    @Override
    public void unpublishNotify() {
        unpublished = true;
        end();
    }

    /** Whether the response ended because the publisher did. Any thread. */
    boolean endedByPublisher() {
        return unpublished;
    }

    /** Ends the response after what is queued (its last chunk), then closes the connection. Any thread. */
    void end() {
        if (ended.compareAndSet(false, true)) {
            if (headerSent.compareAndSet(false, true)) {
                write(fileHeader(channel, FLAG_AUDIO | FLAG_VIDEO), FILE_HEADER_SIZE); // a whole, empty FLV file
            }
            write(END, 0);
        }
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public long dropped() {
        return policy.dropped();
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    private void write(Object content, long length) {
        pendingBytes.addAndGet(length);
        pending.add(content);
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(writePending);
            } catch (RejectedExecutionException stopped) {
                writeScheduled.set(false);
                discardPending();
            }
        }
    }

    /** On the event loop: writes what is queued as chunks, then flushes once. */
    private void writePending() {
        writeScheduled.set(false);
        Object content;
        boolean wrote = false;
        while ((content = pending.poll()) != null) {
            if (content == END) {
                channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
                discardPending();
                return;
            }
            ByteBuf tag = (ByteBuf) content;
            long length = tag.readableBytes();
            if (channel.isActive()) {
                channel.write(new DefaultHttpContent(tag), channel.voidPromise());
                wrote = true;
            } else {
                tag.release();
            }
            pendingBytes.addAndGet(-length);
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Releases what is queued and not written. */
    void discardPending() {
        Object content;
        while ((content = pending.poll()) != null) {
            if (content != END) {
                ReferenceCountUtil.release(content);
            }
        }
        pendingBytes.set(0);
    }

    /** Bytes queued for the event loop and held by the channel's outbound buffer. Any thread. */
    long queuedBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return pendingBytes.get() + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }
}
