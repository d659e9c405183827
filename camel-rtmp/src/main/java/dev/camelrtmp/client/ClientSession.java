package dev.camelrtmp.client;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.camelrtmp.protocol.AcknowledgementHandler;
import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's NetConnection and NetStream: once the handshake is done it sends {@code connect}; on its
 * {@code _result} the chunk size, {@code releaseStream}, {@code FCPublish} and {@code createStream}; on the stream
 * id {@code publish}; the publish completes at NetStream.Publish.Start. Every step waits for the server's answer
 * where the server gives one; an {@code _error} or an error status fails the publish with the server's code.
 */
final class ClientSession extends SimpleChannelInboundHandler<RtmpMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private static final int TX_CONNECT = 1;
    private static final int TX_RELEASE_STREAM = 2;
    private static final int TX_FC_PUBLISH = 3;
    private static final int TX_CREATE_STREAM = 4;

    private final RtmpUrl url;
    private final int chunkSize;
    private final CompletableFuture<Integer> published = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private int streamId;
    private volatile String reconnectTcUrl;
    private volatile boolean reconnectRequested;

    ClientSession(RtmpUrl url, int chunkSize) {
        this.url = url;
        this.chunkSize = chunkSize;
    }

    /** Completes with the message stream id once the server started the publish. */
    CompletableFuture<Integer> published() {
        return published;
    }

    int streamId() {
        return streamId;
    }

    boolean reconnectRequested() {
        return reconnectRequested;
    }

    String reconnectTcUrl() {
        return reconnectTcUrl;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ClientHandshakeHandler.DONE) {
            Map<String, Object> connect = new LinkedHashMap<>();
            connect.put("app", url.application());
            connect.put("type", "nonprivate");
            connect.put("flashVer", "FMLE/3.0 (compatible; camel-rtmp)");
            connect.put("tcUrl", url.tcUrl());
            send(new Command("connect", TX_CONNECT, connect, List.of()));
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    private void send(Command command) {
        ctx.writeAndFlush(command.toMessage(MessageType.COMMAND_AMF0, Command.CHUNK_STREAM_ID, 0));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage message) {
        switch (message.typeId()) {
            case MessageType.COMMAND_AMF0, MessageType.COMMAND_AMF3 -> onCommand(Command.decode(message, 64));
            case MessageType.WINDOW_ACKNOWLEDGEMENT_SIZE -> {
                AcknowledgementHandler ack = ctx.pipeline().get(AcknowledgementHandler.class);
                if (ack != null) {
                    ack.window(ProtocolControl.readInt(message));
                }
            }
            case MessageType.USER_CONTROL -> {
                if (ProtocolControl.userControlEvent(message) == ProtocolControl.EVENT_PING_REQUEST) {
                    ctx.writeAndFlush(ProtocolControl.pingResponse(ProtocolControl.userControlValue(message)));
                }
            }
            default -> LOG.trace("{}: {}", url, message);
        }
    }

    private void onCommand(Command command) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {}", LogSafe.of(url), LogSafe.of(command));
        }
        int tx = (int) command.transactionId();
        switch (command.name()) {
            case "_result" -> {
                if (tx == TX_CONNECT) {
                    ctx.write(ProtocolControl.setChunkSize(chunkSize));
                    send(new Command("releaseStream", TX_RELEASE_STREAM, null, List.of(url.streamName())));
                    send(new Command("FCPublish", TX_FC_PUBLISH, null, List.of(url.streamName())));
                    send(new Command("createStream", TX_CREATE_STREAM, null, List.of()));
                } else if (tx == TX_CREATE_STREAM) {
                    streamId = command.argument(0) instanceof Number n ? n.intValue() : 1;
                    ctx.writeAndFlush(new Command("publish", 5, null, List.of(url.streamName(), "live"))
                            .toMessage(MessageType.COMMAND_AMF0, Command.CHUNK_STREAM_ID, streamId));
                }
            }
            case "_error" -> {
                if (tx == TX_CONNECT || tx == TX_CREATE_STREAM) {
                    fail(command, tx == TX_CONNECT ? "connect" : "createStream");
                }
            }
            case "onStatus" -> onStatus(command);
            default -> {
                // onBWDone, onFCPublish and other notifications need no answer from a publisher
            }
        }
    }

    private void onStatus(Command command) {
        Map<String, Object> info = info(command);
        Object code = info.get("code");
        Object level = info.get("level");
        if ("NetStream.Publish.Start".equals(code)) {
            published.complete(streamId);
        } else if ("NetConnection.Connect.ReconnectRequest".equals(code)) {
            reconnectTcUrl = info.get("tcUrl") instanceof String s ? s : null;
            reconnectRequested = true;
            LOG.info("{} asks to reconnect{}", LogSafe.of(url),
                    reconnectTcUrl == null ? "" : " to " + LogSafe.of(reconnectTcUrl));
        } else if ("error".equals(level)) {
            fail(command, "publish");
        }
    }

    private void fail(Command command, String step) {
        Map<String, Object> info = info(command);
        String code = info.get("code") instanceof String s ? s : null;
        String description = info.get("description") instanceof String s ? s : "";
        published.completeExceptionally(new RtmpPublishException(url + ": the server refused " + step + ": " + code
                + (description.isEmpty() ? "" : " (" + description + ")"), code));
        ctx.close();
    }

    private static Map<String, Object> info(Command command) {
        for (Object argument : command.arguments()) {
            if (argument instanceof Map<?, ?> map) {
                Map<String, Object> info = new HashMap<>();
                map.forEach((k, v) -> info.put(String.valueOf(k), v));
                return info;
            }
        }
        return Map.of();
    }

    /** Sends FCUnpublish and deleteStream, as a publisher does before it leaves. */
    void unpublish() {
        if (published.isDone() && !published.isCompletedExceptionally()) {
            ctx.write(new Command("FCUnpublish", 6, null, List.of(url.streamName()))
                    .toMessage(MessageType.COMMAND_AMF0, Command.CHUNK_STREAM_ID, 0));
            ctx.writeAndFlush(new Command("deleteStream", 7, null, List.of((double) streamId))
                    .toMessage(MessageType.COMMAND_AMF0, Command.CHUNK_STREAM_ID, 0));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        published.completeExceptionally(new RtmpPublishException(url + ": connection closed before the publish "
                + "started", (String) null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof RtmpProtocolException) {
            LOG.warn("Closing connection to {}: {}", LogSafe.of(url), LogSafe.of(reason.getMessage()));
        } else {
            LOG.debug("Connection to {} failed: {}", LogSafe.of(url), LogSafe.of(reason));
        }
        published.completeExceptionally(new RtmpPublishException(url + ": " + reason.getMessage(), reason));
        ctx.close();
    }
}
