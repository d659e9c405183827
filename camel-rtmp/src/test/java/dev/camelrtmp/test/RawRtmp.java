package dev.camelrtmp.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkDecoder;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import dev.camelrtmp.protocol.handshake.ClientHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A bare TCP client for hostile-input tests: sends whatever bytes it is told, well-formed or not, and tells
 * whether the server closed the connection.
 */
public final class RawRtmp implements AutoCloseable {

    private final Socket socket;
    private int chunkSize = 128;

    public RawRtmp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
    }

    /** A complete plain handshake. */
    public RawRtmp handshake() throws IOException {
        ClientHandshake handshake = new ClientHandshake(false);
        send(handshake.c0c1());
        byte[] s0s1s2 = socket.getInputStream().readNBytes(3073);
        if (s0s1s2.length < 3073) {
            throw new IOException("server closed during the handshake");
        }
        send(handshake.c2(s0s1s2));
        return this;
    }

    public RawRtmp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends a message chunked with the chunk size this client last announced. */
    public RawRtmp send(RtmpMessage message) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        ChunkEncoder.encode(message, buf, chunkSize);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return send(bytes);
    }

    public RawRtmp chunkSize(int size) {
        this.chunkSize = size;
        return this;
    }

    /** Whether the server closes the connection within {@code timeout}, reading and dropping what it sends. */
    public boolean closedWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[8192];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // read on until the deadline
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the connection is still served: sends a ping request and reads the server's messages until the
     * matching ping response arrives (true), the connection closes (false) or {@code timeout} passes (false).
     * Positive evidence, unlike a connection that merely was not closed yet. Reads every message the server sent
     * since the handshake, so call it before anything else reads from this connection.
     */
    public boolean answersPing(Duration timeout) throws IOException {
        int value = (int) (System.nanoTime() & 0x7FFFFFFF);
        try {
            send(ProtocolControl.pingRequest(value));
        } catch (IOException closed) {
            return false;
        }
        EmbeddedChannel decoder = new EmbeddedChannel(new ChunkDecoder(16 * 1024 * 1024, 64));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            InputStream in = socket.getInputStream();
            byte[] bytes = new byte[8192];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
                int n;
                try {
                    n = in.read(bytes);
                } catch (SocketTimeoutException notYet) {
                    continue;
                } catch (IOException reset) {
                    return false;
                }
                if (n < 0) {
                    return false;
                }
                decoder.writeInbound(Unpooled.copiedBuffer(bytes, 0, n));
                for (Object m; (m = decoder.readInbound()) != null; ) {
                    RtmpMessage message = (RtmpMessage) m;
                    if (message.typeId() == MessageType.USER_CONTROL
                            && ProtocolControl.userControlEvent(message) == ProtocolControl.EVENT_PING_RESPONSE
                            && ProtocolControl.userControlValue(message) == value) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
