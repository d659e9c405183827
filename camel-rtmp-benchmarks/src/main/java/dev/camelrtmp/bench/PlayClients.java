package dev.camelrtmp.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.AcknowledgementHandler;
import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import dev.camelrtmp.protocol.handshake.ClientHandshake;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * N play connections of the harness on event loops of their own, each counting every audio and video message and
 * payload byte it gets, to prove that every byte of the stream reached every player (of camel-rtmp and of
 * nginx-rtmp alike). The chunk stream is parsed in place: payloads of audio and video messages are counted and
 * skipped, never copied, so that the harness can drive thousands of players; control messages and commands are
 * read (Set Chunk Size, Window Acknowledgement Size with acknowledgements, ping requests, connect, createStream,
 * play, onStatus).
 */
final class PlayClients {

    final EventLoopGroup group;
    final List<Counter> players = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    private PlayClients(int loops) {
        group = dev.camelrtmp.transport.Transport.NIO.newGroup(loops, null);
    }

    /** Connects {@code n} players of {@code app/key}, 64 at a time; returns once every one has sent play. */
    static PlayClients connect(int port, String app, String key, int n, int loops) throws Exception {
        PlayClients clients = new PlayClients(loops);
        Bootstrap bootstrap = new Bootstrap().group(clients.group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        for (int i = 0; i < n; i += 64) {
            List<Counter> batch = new ArrayList<>();
            List<ChannelFuture> connects = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 64); j++) {
                Counter counter = new Counter(port, app, key);
                batch.add(counter);
                connects.add(bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("ack", new AcknowledgementHandler());
                        ch.pipeline().addLast("handshake", new Handshake());
                        ch.pipeline().addLast("chunkEncoder", new ChunkEncoder());
                        ch.pipeline().addLast("counter", counter);
                    }
                }).connect("127.0.0.1", port));
            }
            for (ChannelFuture f : connects) {
                if (!f.await(30, TimeUnit.SECONDS) || !f.isSuccess()) {
                    throw new IllegalStateException("player could not connect", f.cause());
                }
                clients.channels.add(f.channel());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Counter c : batch) {
                while (!c.playSent && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                }
                if (!c.playSent) {
                    throw new IllegalStateException("a player did not get to play within 60 s");
                }
            }
            clients.players.addAll(batch);
        }
        return clients;
    }

    void close() {
        for (Channel c : channels) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** A plain client handshake (C0+C1, then C2 once S0+S1+S2 came); then the counter connects. */
    private static final class Handshake extends ByteToMessageDecoder {
        private final ClientHandshake handshake = new ClientHandshake(false);

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.c0c1()));
            super.channelActive(ctx);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 3073) {
                return;
            }
            byte[] s0s1s2 = new byte[3073];
            in.readBytes(s0s1s2);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.c2(s0s1s2)));
            ctx.fireUserEventTriggered(this);
            ctx.pipeline().remove(this);
        }
    }

    /** One chunk stream's message in progress. */
    private static final class ChunkStream {
        int length;
        int type;
        int messageStreamId;
        int timestamp;
        boolean extended;
        int remaining;
        byte[] collected;
    }

    /** Parses what the server sends, counts media, answers what must be answered. */
    static final class Counter extends ByteToMessageDecoder {
        private final int port;
        private final String app;
        private final String key;
        private final Map<Integer, ChunkStream> streams = new HashMap<>();
        private int chunkSize = 128;
        private ChunkStream current;
        private int chunkLeft;
        private ChannelHandlerContext ctx;
        volatile boolean playSent;
        volatile long media;
        volatile long mediaBytes;
        volatile long data;
        volatile long unpublished;
        volatile String lastStatus;

        Counter(int port, String app, String key) {
            this.port = port;
            this.app = app;
            this.key = key;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof Handshake) {
                this.ctx = ctx;
                Map<String, Object> connect = new java.util.LinkedHashMap<>();
                connect.put("app", app);
                connect.put("flashVer", "LNX 9,0,124,2");
                connect.put("tcUrl", "rtmp://127.0.0.1:" + port + "/" + app);
                connect.put("fpad", Boolean.FALSE);
                connect.put("capabilities", 15.0);
                connect.put("audioCodecs", 4071.0);
                connect.put("videoCodecs", 252.0);
                connect.put("videoFunction", 1.0);
                ctx.writeAndFlush(new Command("connect", 1, connect, List.of())
                        .toMessage(MessageType.COMMAND_AMF0, 3, 0));
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (true) {
                if (chunkLeft > 0) {
                    int n = Math.min(chunkLeft, in.readableBytes());
                    if (n == 0) {
                        return;
                    }
                    ChunkStream cs = current;
                    if (cs.collected != null) {
                        in.readBytes(cs.collected, cs.length - cs.remaining, n);
                    } else {
                        in.skipBytes(n);
                    }
                    chunkLeft -= n;
                    cs.remaining -= n;
                    if (cs.remaining == 0) {
                        complete(cs);
                    }
                    continue;
                }
                if (!header(in)) {
                    return;
                }
            }
        }

        /** Reads one chunk header when it is all there; false when more bytes are needed. */
        private boolean header(ByteBuf in) {
            int start = in.readerIndex();
            int readable = in.readableBytes();
            if (readable < 1) {
                return false;
            }
            int b0 = in.getUnsignedByte(start);
            int fmt = b0 >> 6;
            int csid = b0 & 0x3F;
            int basic = 1;
            if (csid == 0) {
                if (readable < 2) {
                    return false;
                }
                csid = 64 + in.getUnsignedByte(start + 1);
                basic = 2;
            } else if (csid == 1) {
                if (readable < 3) {
                    return false;
                }
                csid = 64 + in.getUnsignedByte(start + 1) + 256 * in.getUnsignedByte(start + 2);
                basic = 3;
            }
            int headerLength = fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0;
            if (readable < basic + headerLength) {
                return false;
            }
            ChunkStream cs = streams.computeIfAbsent(csid, id -> new ChunkStream());
            int p = start + basic;
            boolean extended = fmt == 3 ? cs.extended : in.getUnsignedMedium(p) == 0xFFFFFF;
            int total = basic + headerLength + (extended ? 4 : 0);
            if (readable < total) {
                return false;
            }
            if (fmt <= 2) {
                int ts = in.getUnsignedMedium(p);
                if (fmt <= 1) {
                    cs.length = in.getUnsignedMedium(p + 3);
                    cs.type = in.getUnsignedByte(p + 6);
                }
                if (fmt == 0) {
                    cs.messageStreamId = in.getIntLE(p + 7);
                }
                cs.extended = extended;
                int value = extended ? in.getInt(p + headerLength) : ts;
                cs.timestamp = fmt == 0 ? value : cs.timestamp + value;
            }
            in.skipBytes(total);
            if (cs.remaining == 0) {
                cs.remaining = cs.length;
                boolean counted = cs.type == MessageType.AUDIO || cs.type == MessageType.VIDEO;
                cs.collected = counted ? null : new byte[cs.length];
                if (cs.length == 0) {
                    complete(cs);
                    return true;
                }
            }
            current = cs;
            chunkLeft = Math.min(chunkSize, cs.remaining);
            return true;
        }

        private void complete(ChunkStream cs) {
            switch (cs.type) {
                case MessageType.AUDIO, MessageType.VIDEO -> {
                    media++;
                    mediaBytes += cs.length;
                }
                case MessageType.DATA_AMF0, MessageType.DATA_AMF3 -> data++;
                case MessageType.SET_CHUNK_SIZE -> chunkSize = ProtocolControl.readInt(message(cs)) & 0x7FFFFFFF;
                case MessageType.WINDOW_ACKNOWLEDGEMENT_SIZE ->
                        ctx.pipeline().get(AcknowledgementHandler.class).window(ProtocolControl.readInt(message(cs)));
                case MessageType.USER_CONTROL -> {
                    RtmpMessage m = message(cs);
                    if (ProtocolControl.userControlEvent(m) == ProtocolControl.EVENT_PING_REQUEST) {
                        ctx.writeAndFlush(ProtocolControl.pingResponse(ProtocolControl.userControlValue(m)));
                    }
                }
                case MessageType.COMMAND_AMF0 -> command(Command.decode(message(cs), 64));
                default -> {
                }
            }
            cs.collected = null;
        }

        private static RtmpMessage message(ChunkStream cs) {
            return new RtmpMessage(0, cs.type, cs.timestamp, cs.messageStreamId, cs.collected);
        }

        private void command(Command command) {
            switch (command.name()) {
                case "_result" -> {
                    if (command.transactionId() == 1) {
                        ctx.writeAndFlush(new Command("createStream", 2, null, List.of())
                                .toMessage(MessageType.COMMAND_AMF0, 3, 0));
                    } else if (command.transactionId() == 2) {
                        int msid = command.argument(0) instanceof Number n ? n.intValue() : 1;
                        ctx.writeAndFlush(new Command("play", 0, null, List.of(key, -1000.0))
                                .toMessage(MessageType.COMMAND_AMF0, 8, msid));
                        playSent = true;
                    }
                }
                case "onStatus" -> {
                    for (Object a : command.arguments()) {
                        if (a instanceof Map<?, ?> info && info.get("code") instanceof String code) {
                            lastStatus = code;
                            if (code.equals("NetStream.Play.UnpublishNotify")) {
                                unpublished++;
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
    }
}
