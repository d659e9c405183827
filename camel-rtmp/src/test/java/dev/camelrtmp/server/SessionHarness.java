package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;

import dev.camelrtmp.protocol.handshake.ClientHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A whole server connection (handshake done, application {@code live} served) in an EmbeddedChannel, for feeding
 * arbitrary bytes: every message delivered is taken apart as the Camel consumer would, and any error that is not a
 * protocol error is thrown back to the caller.
 */
public final class SessionHarness implements AutoCloseable {

    private final RtmpServer server = new RtmpServer(new RtmpServerOptions().readTimeoutMillis(0)
            .handshakeTimeoutMillis(0).maxMessageSize(1024 * 1024), Runnable::run);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Throwable> bugs = new ArrayList<>();

    public SessionHarness() {
        server.unexpectedErrors = bugs::add;
        server.register(new PublishTarget("live", null, new StreamListener() {
            @Override
            public void onPublishStart(PublishInfo stream) {
            }

            @Override
            public void onMessage(PublishInfo stream, MediaMessage message) {
                message.videoHeader();
                message.audioHeader();
                message.dataName();
                message.metadata();
                message.timestamp();
            }

            @Override
            public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
            }
        }));
        server.initPipeline(channel.pipeline());
        ClientHandshake handshake = new ClientHandshake(false);
        channel.writeInbound(Unpooled.wrappedBuffer(handshake.c0c1()));
        ByteBuf s0s1s2 = Unpooled.buffer();
        drainOutbound(s0s1s2);
        byte[] bytes = new byte[3073];
        s0s1s2.readBytes(bytes);
        channel.writeInbound(Unpooled.wrappedBuffer(handshake.c2(bytes)));
    }

    private void drainOutbound(ByteBuf into) {
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            if (into != null) {
                into.writeBytes(b);
            }
            b.release();
        }
    }

    /** Feeds bytes after the handshake; throws what the session hit that is not a protocol error. */
    public void feed(byte[] data) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(data));
        }
        drainOutbound(null);
        if (!bugs.isEmpty()) {
            Throwable bug = bugs.get(0);
            throw bug instanceof RuntimeException r ? r : new IllegalStateException(bug);
        }
    }

    @Override
    public void close() {
        try {
            channel.finishAndReleaseAll();
        } catch (RuntimeException ignored) {
            // the pipeline reports what closing found; the session already handled it
        }
    }
}
