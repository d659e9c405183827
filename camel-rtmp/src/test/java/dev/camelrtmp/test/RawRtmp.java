package dev.camelrtmp.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

import dev.camelrtmp.protocol.Command;
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
    /** Decodes what the server sends after the handshake. */
    private final EmbeddedChannel replies = new EmbeddedChannel(new ChunkDecoder(16 * 1024 * 1024, 64));

    public RawRtmp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
    }

    /**
     * A client whose socket receive buffer is asked to be {@code receiveBufferSize} bytes before it connects: a
     * player that stops reading then holds little in the kernel, and the server's own bound decides.
     */
    public RawRtmp(int port, int receiveBufferSize) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferSize);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setTcpNoDelay(true);
    }

    /** Sends createStream (its id is taken to be 1, as the server numbers them) and play of {@code name} on it. */
    public RawRtmp play(String name) throws IOException {
        command(0, "createStream", 2, null);
        return command(1, "play", 0, null, name);
    }

    /** The next message the server sends after the handshake; null when it closes or none comes in time. */
    public RtmpMessage nextMessage(Duration timeout) throws IOException {
        return nextMessage(System.nanoTime() + timeout.toNanos());
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

    /** The local port of the connection, as the server logs it ({@code 127.0.0.1:port}). */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends {@code connect} for the application, as AMF0 on chunk stream 3. */
    public RawRtmp connect(String app) throws IOException {
        return command(0, "connect", 1, Map.of("app", app, "tcUrl", "rtmp://127.0.0.1/" + app));
    }

    /** Sends a command (AMF0, chunk stream 3) on the message stream. */
    public RawRtmp command(int messageStreamId, String name, double transactionId, Object commandObject,
            Object... arguments) throws IOException {
        return send(new Command(name, transactionId, commandObject, java.util.Arrays.asList(arguments))
                .toMessage(MessageType.COMMAND_AMF0, 3, messageStreamId));
    }

    /**
     * The next command the server sends (after the handshake), decoded; null when the connection closes or none
     * comes within {@code timeout}.
     */
    public Command nextCommand(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RtmpMessage message;
        while ((message = nextMessage(deadline)) != null) {
            if (message.typeId() == MessageType.COMMAND_AMF0 || message.typeId() == MessageType.COMMAND_AMF3) {
                return Command.decode(message, 64);
            }
        }
        return null;
    }

    /**
     * Whether the connection is still served: sends a ping request and reads the server's messages until the
     * matching ping response arrives (true), the connection closes (false) or {@code timeout} passes (false).
     * Positive evidence, unlike a connection that merely was not closed yet.
     */
    public boolean answersPing(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int value = (int) (System.nanoTime() & 0x7FFFFFFF);
        try {
            send(ProtocolControl.pingRequest(value));
        } catch (IOException closed) {
            return false;
        }
        RtmpMessage message;
        while ((message = nextMessage(deadline)) != null) {
            if (message.typeId() == MessageType.USER_CONTROL
                    && ProtocolControl.userControlEvent(message) == ProtocolControl.EVENT_PING_RESPONSE
                    && ProtocolControl.userControlValue(message) == value) {
                return true;
            }
        }
        return false;
    }

    /** The next message the server sends after the handshake; null when it closes or the deadline passes. */
    private RtmpMessage nextMessage(long deadlineNanos) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        while (true) {
            RtmpMessage message = replies.readInbound();
            if (message != null) {
                return message;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(200, left / 1_000_000)));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException nothingYet) {
                continue;
            } catch (IOException reset) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            replies.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
        }
    }

    /** The {@code code} of the next {@code onStatus} or {@code _error} the server sends, or null. */
    public String nextStatusCode(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Command command;
        while ((command = nextCommand(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null) {
            if (command.name().equals("onStatus") || command.name().equals("_error")) {
                for (Object argument : command.arguments()) {
                    if (argument instanceof Map<?, ?> info) {
                        return String.valueOf(info.get("code"));
                    }
                }
            }
        }
        return null;
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

    @Override
    public void close() throws IOException {
        replies.finishAndReleaseAll();
        socket.close();
    }
}
