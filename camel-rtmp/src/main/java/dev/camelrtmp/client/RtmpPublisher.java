package dev.camelrtmp.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import dev.camelrtmp.protocol.AcknowledgementHandler;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkDecoder;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * One stream published to a remote RTMP server. {@link #connect} goes through handshake, connect, createStream and
 * publish; {@link #send} then writes media, waiting (bounded) while the connection's write buffer is full so that
 * a slow server slows the caller instead of filling memory.
 */
public final class RtmpPublisher implements AutoCloseable {

    /** Chunk streams the media travel on. */
    static final int DATA_CHUNK_STREAM = 4;
    static final int AUDIO_CHUNK_STREAM = 5;
    static final int VIDEO_CHUNK_STREAM = 6;

    private final Channel channel;
    private final ClientSession session;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();

    private RtmpPublisher(Channel channel, ClientSession session) {
        this.channel = channel;
        this.session = session;
    }

    /**
     * Connects and publishes.
     *
     * @param group      the event loops to use
     * @param channelType the socket channel class matching the group
     * @param url        the server, application and stream name
     * @param chunkSize  the chunk size to send with
     * @param sslContext the TLS context for rtmps, or null
     * @return completes once the server has started the publish, or fails with {@link RtmpPublishException}
     */
    public static CompletableFuture<RtmpPublisher> connect(EventLoopGroup group,
            Class<? extends SocketChannel> channelType, RtmpUrl url, int chunkSize, SSLContext sslContext,
            int connectTimeoutMillis) {
        if (url.streamName() == null) {
            throw new IllegalArgumentException("no stream name to publish in " + url);
        }
        ClientSession session = new ClientSession(url, chunkSize);
        WritabilityListener writability = new WritabilityListener();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (url.secure()) {
                            SSLContext context = sslContext;
                            if (context == null) {
                                try {
                                    context = SSLContext.getDefault();
                                } catch (java.security.NoSuchAlgorithmException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                            SSLEngine engine = context.createSSLEngine(url.host(), url.port());
                            engine.setUseClientMode(true);
                            p.addLast("tls", new SslHandler(engine));
                        }
                        p.addLast("ack", new AcknowledgementHandler());
                        p.addLast("handshake", new ClientHandshakeHandler());
                        p.addLast("chunkDecoder", new ChunkDecoder(16 * 1024 * 1024, 64));
                        p.addLast("chunkEncoder", new ChunkEncoder());
                        p.addLast("writability", writability);
                        p.addLast("session", session);
                    }
                });
        CompletableFuture<RtmpPublisher> result = new CompletableFuture<>();
        bootstrap.connect(url.host(), url.port()).addListener(future -> {
            if (!future.isSuccess()) {
                result.completeExceptionally(new RtmpPublishException("cannot connect to " + url + ": "
                        + future.cause().getMessage(), future.cause()));
                return;
            }
            Channel channel = ((io.netty.channel.ChannelFuture) future).channel();
            RtmpPublisher publisher = new RtmpPublisher(channel, session);
            writability.publisher = publisher;
            session.published().whenComplete((streamId, failure) -> {
                if (failure != null) {
                    channel.close();
                    result.completeExceptionally(failure);
                } else {
                    result.complete(publisher);
                }
            });
        });
        return result;
    }

    /** Whether the connection is open. */
    public boolean isActive() {
        return channel.isActive();
    }

    /** Whether the server asked this client to reconnect (Enhanced RTMP ReconnectRequest). */
    public boolean reconnectRequested() {
        return session.reconnectRequested();
    }

    /**
     * Sends one audio (8), video (9) or data (18, 15) message on the published stream.
     *
     * @throws RtmpPublishException when the connection is closed, or stays full past {@code timeoutMillis}
     */
    public void send(int typeId, long timestamp, byte[] payload, long timeoutMillis)
            throws RtmpPublishException, InterruptedException {
        awaitWritable(timeoutMillis);
        int chunkStream = typeId == MessageType.AUDIO ? AUDIO_CHUNK_STREAM
                : typeId == MessageType.VIDEO ? VIDEO_CHUNK_STREAM : DATA_CHUNK_STREAM;
        channel.writeAndFlush(new RtmpMessage(chunkStream, typeId, (int) timestamp, session.streamId(), payload),
                channel.voidPromise());
    }

    private void awaitWritable(long timeoutMillis) throws RtmpPublishException, InterruptedException {
        if (channel.isWritable()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (!channel.isWritable() && channel.isActive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new RtmpPublishException("the server took no data for " + timeoutMillis + " ms",
                            (String) null);
                }
                writable.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } finally {
            lock.unlock();
        }
        if (!channel.isActive()) {
            throw new RtmpPublishException("the connection to the server closed", (String) null);
        }
    }

    private void signalWritable() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Unpublishes (FCUnpublish, deleteStream) and closes, waiting at most a few seconds. */
    @Override
    public void close() {
        if (channel.isActive()) {
            channel.eventLoop().execute(session::unpublish);
            channel.eventLoop().execute(() -> channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                    .addListener(f -> channel.close()));
        }
        channel.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Tells the publisher when the write buffer drains. */
    private static final class WritabilityListener extends ChannelInboundHandlerAdapter {
        volatile RtmpPublisher publisher;

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            RtmpPublisher p = publisher;
            if (p != null) {
                p.signalWritable();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            RtmpPublisher p = publisher;
            if (p != null) {
                p.signalWritable();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public boolean isSharable() {
            return false;
        }
    }
}
