package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkDecoder;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import dev.camelrtmp.protocol.handshake.ClientHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Drives a server connection pipeline in an {@link EmbeddedChannel}, byte for byte as a client would: handshake,
 * chunked messages in, decoded replies out.
 */
final class EmbeddedRtmpClient implements AutoCloseable {

    final EmbeddedChannel server = new EmbeddedChannel();
    private final EmbeddedChannel replies = new EmbeddedChannel(new ChunkDecoder(16 * 1024 * 1024, 64));
    private int chunkSize = 128;
    private int handshakeBytesLeft = 1 + 1536 + 1536;

    EmbeddedRtmpClient(RtmpServer rtmpServer) {
        rtmpServer.initPipeline(server.pipeline());
    }

    /** The bytes of a complete handshake from the client side, up to and with C2. */
    byte[] handshakeBytes(boolean digest) {
        ClientHandshake handshake = new ClientHandshake(digest);
        server.writeInbound(Unpooled.wrappedBuffer(handshake.c0c1()));
        byte[] s0s1s2 = new byte[1 + 1536 + 1536];
        ByteBuf out = readOutbound();
        out.readBytes(s0s1s2);
        out.release();
        handshakeBytesLeft = 0;
        return handshake.c2(s0s1s2);
    }

    void handshake(boolean digest) {
        server.writeInbound(Unpooled.wrappedBuffer(handshakeBytes(digest)));
    }

    byte[] encode(RtmpMessage message) {
        ByteBuf buf = Unpooled.buffer();
        ChunkEncoder.encode(message, buf, chunkSize);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        if (message.typeId() == MessageType.SET_CHUNK_SIZE) {
            byte[] p = message.payload();
            chunkSize = ((p[0] & 0xFF) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
        }
        return bytes;
    }

    void send(RtmpMessage message) {
        server.writeInbound(Unpooled.wrappedBuffer(encode(message)));
    }

    void command(String name, double tx, Object commandObject, Object... args) {
        command(0, name, tx, commandObject, args);
    }

    void command(int msid, String name, double tx, Object commandObject, Object... args) {
        send(new Command(name, tx, commandObject, java.util.Arrays.asList(args))
                .toMessage(MessageType.COMMAND_AMF0, 3, msid));
    }

    void connect(String app) {
        command("connect", 1, Map.of("app", app, "tcUrl", "rtmp://127.0.0.1/" + app, "type", "nonprivate"));
    }

    private ByteBuf readOutbound() {
        server.runPendingTasks(); // players write on a task of their event loop, once per turn
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = server.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    /** Every message the server wrote since the last call, decoded. */
    List<RtmpMessage> received() {
        ByteBuf out = readOutbound();
        if (handshakeBytesLeft > 0) {
            int skip = Math.min(handshakeBytesLeft, out.readableBytes());
            out.skipBytes(skip);
            handshakeBytesLeft -= skip;
        }
        replies.writeInbound(out);
        List<RtmpMessage> messages = new ArrayList<>();
        RtmpMessage m;
        while ((m = replies.readInbound()) != null) {
            messages.add(m);
        }
        return messages;
    }

    /** The commands among the messages the server wrote since the last call. */
    List<Command> receivedCommands() {
        List<Command> commands = new ArrayList<>();
        for (RtmpMessage m : received()) {
            if (m.typeId() == MessageType.COMMAND_AMF0 || m.typeId() == MessageType.COMMAND_AMF3) {
                commands.add(Command.decode(m, 64));
            }
        }
        return commands;
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        replies.finishAndReleaseAll();
    }
}
