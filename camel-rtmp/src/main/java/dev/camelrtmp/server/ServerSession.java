package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.AcknowledgementHandler;
import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import dev.camelrtmp.protocol.chunk.ChunkDecoder;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection after the handshake: connection control and command dispatch. It answers protocol control,
 * {@code connect} and {@code createStream}, and hands publishing to its {@link PublishHandler} and playing to its
 * {@link PlayHandler}. Every reply is written and flushed at once; nothing here waits for the client.
 * <p>
 * Two time budgets that bytes trickling in cannot extend: a connection must start a publish within
 * {@code setupTimeout} of the handshake (and of its last publish ending), and a published stream must receive an
 * audio, video or data message at least every {@code idlePublisherTimeout} (checked by the {@link PublishHandler}).
 * Time the server does not read the connection (the listener is behind, or a publish is being authorized) counts for
 * neither.
 * <p>
 * Threading: every field, the {@link NetStream}s and both handlers are owned by the connection's event loop, except
 * where their Javadoc says otherwise ({@link #clientCapsEx}, {@link NetStream#lastMediaNanos}). Calls from other
 * threads ({@link #closeForError}, {@link #closeTakenOver}, {@link #closeIfPublishingTo}) hop onto the event loop
 * first.
 */
final class ServerSession extends SimpleChannelInboundHandler<RtmpMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);
    /** How long a connection closed with an onStatus error waits for the peer to read it and disconnect. */
    private static final long CLOSE_AFTER_STATUS_MILLIS = 5_000;

    final RtmpServer server;
    final RtmpServerOptions options;
    final IntObjectMap<NetStream> streams = new IntObjectHashMap<>();
    private final PublishHandler publishes = new PublishHandler(this);
    private final PlayHandler plays = new PlayHandler(this);
    ChannelHandlerContext ctx;
    DeliveryQueue delivery;
    /** The connection's chunk decoder (null in tests that have none), whose partial messages count in the budget. */
    private ChunkDecoder decoder;
    /** The bytes of partial messages last counted in the memory budget for this connection. */
    private long budgetedBuffered;
    /** Set when the connection has closed and its bytes have left the budget. */
    private boolean budgetReleased;
    String clientAddress;
    /** This connection's refused publishes and plays: a few WARN lines, then DEBUG. */
    final RefusalLog refusals = RefusalLog.perConnection(LOG);
    String connectionId;
    boolean connected;
    String application;
    String tcUrl;
    Map<String, Object> connectParameters = Map.of();
    private double objectEncoding;
    private int nextStreamId = 1;
    /** The Enhanced RTMP capsEx the client announced in connect. */
    private volatile int clientCapsEx;
    EndReason closeReason;
    private boolean closing;
    private boolean handshakeDone;
    /** Closes the connection when the setup time is used up; null while the setup clock is stopped. */
    private ScheduledFuture<?> setupTimer;
    /** The setup time left, in nanoseconds, while the setup clock is stopped. */
    private long setupLeftNanos;
    /** Closing after an error status: what the peer still sends is read and dropped until it disconnects. */
    private boolean draining;
    /** A ping request went to an idle player; any read clears it. */
    private boolean pingSent;

    ServerSession(RtmpServer server, RtmpServerOptions options) {
        this.server = server;
        this.options = options;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.delivery = new DeliveryQueue(ctx.channel(), server.deliveryExecutor(), options.maxQueuedBytes(),
                options.maxQueuedMessages(), server::nanoTime, server.statistics(), server.memoryBudget());
        this.decoder = ctx.pipeline().get(ChunkDecoder.class);
        this.clientAddress = ProxyProtocol.clientAddress(ctx.channel());
        this.connectionId = ctx.channel().id().asShortText();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage message) {
        pingSent = false;
        if (draining) {
            return; // closing after an error status: nothing more is handled
        }
        int type = message.typeId();
        switch (type) {
            case MessageType.AUDIO:
            case MessageType.VIDEO:
            case MessageType.DATA_AMF0:
            case MessageType.DATA_AMF3:
                publishes.onMedia(message, MediaMessage.kindOf(type));
                break;
            case MessageType.AGGREGATE:
                publishes.onAggregate(message);
                break;
            case MessageType.COMMAND_AMF0:
            case MessageType.COMMAND_AMF3:
                if (message.length() > options.maxCommandSize()) {
                    throw new RtmpProtocolException("command message of " + message.length()
                            + " bytes exceeds the limit of " + options.maxCommandSize() + " (maxCommandSize)");
                }
                onCommand(message, Command.decode(message, options.maxAmfDepth()));
                break;
            case MessageType.WINDOW_ACKNOWLEDGEMENT_SIZE:
                AcknowledgementHandler ack = ctx.pipeline().get(AcknowledgementHandler.class);
                if (ack != null) {
                    ack.window(ProtocolControl.readInt(message));
                }
                break;
            case MessageType.USER_CONTROL:
                if (ProtocolControl.userControlEvent(message) == ProtocolControl.EVENT_PING_REQUEST) {
                    ctx.writeAndFlush(ProtocolControl.pingResponse(ProtocolControl.userControlValue(message)));
                }
                break;
            case MessageType.SET_CHUNK_SIZE:
            case MessageType.ABORT:
            case MessageType.ACKNOWLEDGEMENT:
            case MessageType.SET_PEER_BANDWIDTH:
                break; // applied by the chunk decoder, or of no consequence for an ingest server
            default:
                LOG.debug("{}: ignoring {}", clientAddress, message);
        }
    }

    // ---------------------------------------------------------------- commands

    private void onCommand(RtmpMessage message, Command command) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {}", clientAddress, LogSafe.of(command));
        }
        int replyType = message.typeId();
        double tx = command.transactionId();
        switch (command.name()) {
            case "connect":
                onConnect(command, replyType);
                break;
            case "releaseStream":
            case "_checkbw":
            case "FCSubscribe":
            case "FCUnsubscribe":
                reply(replyType, "_result", tx, null);
                break;
            case "getStreamLength":
                reply(replyType, "_result", tx, null, 0.0);
                break;
            case "FCPublish":
                ctx.write(new Command("onFCPublish", 0, null, List.of(status("status", "NetStream.Publish.Start",
                        String.valueOf(command.argument(0))))).toMessage(replyType, Command.CHUNK_STREAM_ID, 0));
                reply(replyType, "_result", tx, null);
                break;
            case "FCUnpublish":
                ctx.write(new Command("onFCUnpublish", 0, null, List.of(status("status",
                        "NetStream.Unpublish.Success", String.valueOf(command.argument(0)))))
                        .toMessage(replyType, Command.CHUNK_STREAM_ID, 0));
                publishes.unpublishRequested(command.argument(0));
                reply(replyType, "_result", tx, null);
                break;
            case "createStream":
                onCreateStream(replyType, tx);
                break;
            case "publish":
                publishes.onPublish(message, command, replyType);
                break;
            case "play":
                plays.onPlay(message, command.argument(0) instanceof String s ? s : "", replyType);
                break;
            case "play2":
                plays.onPlay(message, command.argument(0) instanceof Map<?, ?> m && m.get("streamName") instanceof String s
                        ? s : "", replyType);
                break;
            case "pause":
                plays.onPause(message, command, replyType);
                break;
            case "seek":
                plays.onSeek(message, command, replyType);
                break;
            case "receiveAudio":
                plays.onReceive(message, command, false);
                break;
            case "receiveVideo":
                plays.onReceive(message, command, true);
                break;
            case "closeStream":
                publishes.endStream(message.messageStreamId(), EndReason.UNPUBLISHED);
                plays.stopPlay(message.messageStreamId(), PlayEndReason.STOPPED);
                replyIfTracked(replyType, tx);
                break;
            case "deleteStream":
                int id = command.argument(0) instanceof Number n ? n.intValue() : message.messageStreamId();
                publishes.endStream(id, EndReason.UNPUBLISHED);
                plays.stopPlay(id, PlayEndReason.STOPPED);
                streams.remove(id);
                replyIfTracked(replyType, tx);
                break;
            case "_result":
            case "_error":
            case "onStatus":
            case "onBWDone":
                break; // answers to requests this server never makes
            default:
                LOG.info("{}: unsupported command '{}' answered with _error", clientAddress,
                        LogSafe.of(command.name()));
                reply(replyType, "_error", tx, null, status("error", "NetConnection.Call.Failed",
                        "Method not found (" + command.name() + ")."));
        }
    }

    private void onConnect(Command command, int replyType) {
        Map<String, Object> parameters = command.commandObject() instanceof Map<?, ?> map ? toStringMap(map) : Map.of();
        String requested = parameters.get("app") instanceof String s ? s : "";
        String app = normalizeApplication(requested);
        if (connected) {
            reply(replyType, "_error", command.transactionId(), null,
                    status("error", "NetConnection.Connect.Rejected", "Already connected."));
            return;
        }
        String badName = options.nameProblem(requested, app);
        if (badName != null) {
            LOG.warn("Refused connect from {}: application name '{}' {}", clientAddress, LogSafe.of(requested),
                    badName);
            rejectConnect(command, replyType, "Invalid application name.");
            return;
        }
        if (!server.hasApplication(app)) {
            LOG.warn("Refused connect from {} to unknown application '{}'", clientAddress, LogSafe.of(app));
            rejectConnect(command, replyType, "Application '" + app + "' is not served here.");
            return;
        }
        connected = true;
        application = app;
        connectParameters = parameters;
        tcUrl = parameters.get("tcUrl") instanceof String s ? s : null;
        objectEncoding = parameters.get("objectEncoding") instanceof Number n ? n.doubleValue() : 0;
        ctx.write(ProtocolControl.windowAcknowledgementSize(options.windowAcknowledgementSize()));
        ctx.write(ProtocolControl.setPeerBandwidth(options.peerBandwidth(), ProtocolControl.LIMIT_DYNAMIC));
        ctx.write(ProtocolControl.setChunkSize(options.chunkSize()));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fmsVer", "FMS/3,5,7,7009");
        properties.put("capabilities", 31.0);
        properties.put("mode", 1.0);
        EnhancedRtmp.answerConnect(parameters, properties);
        clientCapsEx = EnhancedRtmp.capsEx(parameters);
        Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", objectEncoding);
        ctx.writeAndFlush(new Command("_result", command.transactionId(), properties, List.of(info))
                .toMessage(replyType, Command.CHUNK_STREAM_ID, 0));
        LOG.debug("{}: connected to application '{}'", clientAddress, LogSafe.of(app));
    }

    /** Answers connect with _error NetConnection.Connect.Rejected and closes the connection. */
    private void rejectConnect(Command command, int replyType, String description) {
        Map<String, Object> info = status("error", "NetConnection.Connect.Rejected", description);
        ctx.writeAndFlush(new Command("_error", command.transactionId(), null, List.of(info))
                .toMessage(replyType, Command.CHUNK_STREAM_ID, 0)).addListener(ChannelFutureListener.CLOSE);
    }

    private void onCreateStream(int replyType, double tx) {
        if (streams.size() >= options.maxMessageStreams()) {
            throw new RtmpProtocolException("more than " + options.maxMessageStreams()
                    + " message streams on one connection (maxMessageStreams)");
        }
        int id = nextStreamId++;
        streams.put(id, new NetStream(id));
        reply(replyType, "_result", tx, null, (double) id);
    }

    /** The connection's event loop, which owns this session's state. */
    io.netty.util.concurrent.EventExecutor executor() {
        return ctx.executor();
    }

    /**
     * Closes this connection because the application failed on what it sent; once only. With a status code the
     * publisher of message stream {@code msid}, when it still publishes, is told first with an onStatus error.
     */
    void closeForError(int msid, String statusCode, String reason) {
        ctx.executor().execute(() -> {
            if (closeReason != null || !ctx.channel().isActive()) {
                return; // closing already
            }
            closeReason = EndReason.ERROR;
            NetStream stream = streams.get(msid);
            if (statusCode == null || stream == null || !stream.isPublishing()) {
                LOG.warn("Closing connection from {}: {}", clientAddress, reason);
                ctx.close();
                return;
            }
            LOG.warn("Closing connection from {} publishing {}: {} ({})", clientAddress,
                    LogSafe.of(stream.publish.path()), statusCode, LogSafe.of(reason));
            // The publisher reads the status between its writes and then disconnects. Until it does, what it
            // sends is read and dropped: closing on unread data would reset the connection, status and all.
            draining = true;
            delivery.readRegardless();
            statusOnStream(MessageType.COMMAND_AMF0, msid, "error", statusCode, reason);
            ctx.executor().schedule(() -> {
                ctx.close(); // a publisher that does not read its replies is not waited for long
            }, CLOSE_AFTER_STATUS_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        });
    }

    /** Closes this connection because another publisher of its stream key took over. */
    void closeTakenOver() {
        ctx.executor().execute(() -> {
            closeReason = EndReason.TAKEN_OVER;
            ctx.close();
        });
    }

    // ---------------------------------------------------------------- connection events

    /** Whether the client announced, in connect, that it handles NetConnection.Connect.ReconnectRequest. */
    boolean supportsReconnectRequest() {
        return (clientCapsEx & EnhancedRtmp.CAPS_EX_RECONNECT) != 0;
    }

    /** Whether a stream of this connection is published to {@code target} (any target when null). */
    boolean publishesTo(PublishTarget target) {
        return publishes.publishesTo(target);
    }

    /**
     * Sends onStatus NetConnection.Connect.ReconnectRequest (Enhanced RTMP) on the connection.
     *
     * @param tcUrl       where to reconnect, or null for the same server
     * @param description a human-readable reason, or null
     */
    void requestReconnect(String tcUrl, String description) {
        Map<String, Object> info = status("status", "NetConnection.Connect.ReconnectRequest",
                description == null ? "The server asks the client to reconnect." : description);
        if (tcUrl != null) {
            info.put("tcUrl", tcUrl);
        }
        ctx.writeAndFlush(new Command("onStatus", 0, null, List.of(info))
                .toMessage(MessageType.COMMAND_AMF0, Command.CHUNK_STREAM_ID, 0));
        LOG.info("Asked {} to reconnect{}", clientAddress, tcUrl == null ? "" : " to " + tcUrl);
    }

    /** Closes the connection if it publishes to or plays from {@code target}, because the target is going away. */
    void closeIfPublishingTo(PublishTarget target) {
        ctx.executor().execute(() -> {
            if (publishes.publishesTo(target) || plays.playsFrom(target)) {
                closeReason = EndReason.SERVER_STOPPED;
                ctx.close();
            }
        });
    }

    /**
     * After each read: the partial messages count in the listener's memory budget, and a publishing connection
     * stops being read while the budget is exhausted. Connections that publish nothing (yet) go on: they hold
     * little, and a handshake or connect held back could time out.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (decoder != null && !budgetReleased) {
            long buffered = decoder.bufferedBytes();
            server.memoryBudget().buffered(buffered - budgetedBuffered);
            budgetedBuffered = buffered;
        }
        if (publishes.publishing()) {
            delivery.checkBudget();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.memoryBudget().buffered(-budgetedBuffered);
        budgetedBuffered = 0;
        budgetReleased = true;
        delivery.closed();
        EndReason reason = closeReason != null ? closeReason : EndReason.CLIENT_CLOSED;
        for (NetStream stream : new ArrayList<>(streams.values())) {
            // a publisher that unpublished and then closed (even abruptly, with a reset) ended its stream itself
            boolean unpublished = stream.unpublishRequested && reason == EndReason.CLIENT_CLOSED;
            publishes.endStream(stream.id, unpublished ? EndReason.UNPUBLISHED : reason);
            plays.stopPlay(stream.id, PlayEndReason.of(reason));
        }
        if (setupTimer != null) {
            setupTimer.cancel(false);
            setupTimer = null;
        }
        publishes.closed();
        plays.closed();
        LOG.debug("{}: connection closed", clientAddress);
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ProxyProtocol.Accepted) {
            clientAddress = ProxyProtocol.clientAddress(ctx.channel()); // the header's, before any RTMP byte
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (event == HandshakeHandler.Event.COMPLETED) {
            handshakeDone = true;
            setupLeftNanos = TimeUnit.MILLISECONDS.toNanos(options.setupTimeoutMillis());
            updateSetupClock();
            return;
        }
        if (event instanceof IdleStateEvent) {
            if (plays.playing() && !pingSent) {
                // a player has little to say (acknowledgements): ask it for a ping response before giving up
                pingSent = true;
                ctx.writeAndFlush(ProtocolControl.pingRequest((int) TimeUnit.NANOSECONDS.toMillis(now())));
                return;
            }
            if (ctx.channel().config().isAutoRead()) {
                LOG.warn("Closing connection from {}: nothing received for {} ms", clientAddress,
                        options.readTimeoutMillis());
                closeReason = EndReason.TIMEOUT;
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            return; // the decoder reports the same broken input again as the connection closes
        }
        closing = true;
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof RtmpProtocolException) {
            LOG.warn("Closing connection from {}: {}", clientAddress, LogSafe.of(reason.getMessage()));
        } else if (reason instanceof java.io.IOException) {
            LOG.debug("Connection from {} failed: {}", clientAddress, reason.toString());
        } else {
            FatalErrors.report(reason);
            LOG.warn("Closing connection from {} after an unexpected error", clientAddress, reason);
            java.util.function.Consumer<Throwable> hook = server.unexpectedErrors;
            if (hook != null) {
                hook.accept(reason);
            }
        }
        if (closeReason == null) {
            closeReason = reason instanceof java.io.IOException ? EndReason.CLIENT_CLOSED : EndReason.ERROR;
        }
        ctx.close();
    }

    // ---------------------------------------------------------------- time budgets

    /**
     * Runs the setup clock while the connection is past the handshake, publishes nothing and has no publish being
     * authorized; otherwise stops it, keeping the time left.
     */
    void updateSetupClock() {
        boolean run = handshakeDone && options.setupTimeoutMillis() > 0 && ctx.channel().isActive()
                && !publishes.publishesTo(null) && !publishes.deciding() && !plays.deciding()
                && !plays.playing();
        if (run && setupTimer == null) {
            setupTimer = ctx.executor().schedule(this::setupExpired, setupLeftNanos, TimeUnit.NANOSECONDS);
        } else if (!run && setupTimer != null) {
            setupLeftNanos = Math.max(0, setupTimer.getDelay(TimeUnit.NANOSECONDS));
            setupTimer.cancel(false);
            setupTimer = null;
        }
    }

    private void setupExpired() {
        setupTimer = null;
        if (!delivery.reading()) {
            // the listener is still behind with an earlier stream of this connection: not the client's time
            setupLeftNanos = TimeUnit.MILLISECONDS.toNanos(options.setupTimeoutMillis());
            updateSetupClock();
            return;
        }
        LOG.warn("Closing connection from {}: no stream published within {} ms (setupTimeout)", clientAddress,
                options.setupTimeoutMillis());
        ctx.close();
    }

    /** The whole setupTimeout again, from the next time the setup clock runs (a publish started). */
    void resetSetupTime() {
        setupLeftNanos = TimeUnit.MILLISECONDS.toNanos(options.setupTimeoutMillis());
    }

    /** Closes the connection; its streams end with {@code reason}. */
    void closeWith(EndReason reason) {
        closeReason = reason;
        ctx.close();
    }

    /** The event loop's clock, in nanoseconds: System.nanoTime, except where a test drives the time. */
    long now() {
        return server.nanoTime();
    }

    // ---------------------------------------------------------------- helpers

    private void reply(int type, String name, double tx, Object commandObject, Object... arguments) {
        ctx.writeAndFlush(new Command(name, tx, commandObject, List.of(arguments).isEmpty() ? List.of()
                : java.util.Arrays.asList(arguments)).toMessage(type, Command.CHUNK_STREAM_ID, 0));
    }

    private void replyIfTracked(int type, double tx) {
        if (tx != 0) {
            reply(type, "_result", tx, null);
        }
    }

    void statusOnStream(int type, int msid, String level, String code, String description) {
        ctx.writeAndFlush(new Command("onStatus", 0, null, List.of(status(level, code, description)))
                .toMessage(type, Command.STREAM_CHUNK_STREAM_ID, msid));
    }

    static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    private static Map<String, Object> toStringMap(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    /** The application name from {@code connect}'s {@code app}: without query string or surrounding slashes. */
    static String normalizeApplication(String app) {
        String name = stripQuery(app);
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    static String stripQuery(String name) {
        int q = name.indexOf('?');
        return q < 0 ? name : name.substring(0, q);
    }

    /** A message stream made by createStream; the live map of the server holds the ones that publish. */
    final class NetStream {
        final int id;
        /**
         * When the publish started or the last audio, video or data message arrived (the server's nanosecond clock).
         * Written on the event loop; read by other connections' event loops deciding on a take-over.
         */
        volatile long lastMediaNanos;
        PublishInfo publish;
        PublishTarget target;
        /** The source of the published path, while publishing. */
        LiveSource source;
        /** The player on this stream, its path, source, play and target, while it plays. */
        Player player;
        String playPath;
        LiveSource playSource;
        PlayInfo playInfo;
        PublishTarget playTarget;
        /** Since when the player has waited for a publisher (the server's nanosecond clock); -1 while published. */
        long playWaitingSince = -1;
        /** A play on this stream is being authorized. */
        boolean playDeciding;
        boolean unpublishRequested;
        long audio;
        long video;
        long data;
        long bytes;
        long pausesAtStart;
        /** When the publish started, in epoch milliseconds. */
        long startedMillis;
        /** Messages that arrived while the publish is being authorized; null when no decision is pending. */
        List<RtmpMessage> pending;
        /** The stream's timestamps, extended past the 32-bit wrap; kept from one publish to the next. */
        final TimestampUnwrapper timestamps = new TimestampUnwrapper();

        NetStream(int id) {
            this.id = id;
        }

        boolean isPublishing() {
            return publish != null;
        }

        /** The publish as it stands now, or null when this stream publishes nothing. On the event loop. */
        LiveStream snapshot() {
            PublishInfo info = publish;
            return info == null ? null : new LiveStream(info, startedMillis, video, audio, data, bytes);
        }

        ServerSession session() {
            return ServerSession.this;
        }

        /**
         * How long this stream has gone without an audio, video or data message while its connection was read;
         * 0 while it is not read (the listener is behind, or a publish is being authorized). Any thread.
         */
        long idleNanos(long now) {
            if (!delivery.reading()) {
                return 0;
            }
            long since = lastMediaNanos;
            long resumed = delivery.readResumedNanos();
            if (resumed - since > 0) {
                since = resumed;
            }
            return now - since;
        }
    }
}
