package dev.camelrtmp.server;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.amf.Amf0;
import io.netty.channel.ChannelFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The play side of one connection: {@code play} and {@code play2} (name checks, the target's {@link PlayPolicy} and
 * authorizer, the onStatus sequence, joining the path's {@link LiveSource} as a {@link Player}); {@code pause},
 * {@code seek}, {@code receiveAudio} and {@code receiveVideo} on a live stream; the end of each play, with the
 * target's listener told of start and end; and the play time budgets ({@code playIdleTimeout},
 * {@code playerMaxDroppedFrames}).
 * <p>
 * Threading: every method and field is owned by the connection's event loop. An authorizer runs on a delivery
 * thread and hands its decision back to the event loop; the listener's calls are queued to the connection's
 * {@link DeliveryQueue}, never made on the event loop. Once a player has joined its source, the publisher's event
 * loop sends to it under the source's monitor (see {@link LiveSource} and {@link Player}); its counts are read under
 * that monitor too ({@link LiveSource#stats}).
 */
final class PlayHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);

    private final ServerSession session;
    /** The next check of the plays against playIdleTimeout and playerMaxDroppedFrames, or null. */
    private ScheduledFuture<?> check;
    /** Why the connection is being closed by this handler, or null. */
    private PlayEndReason closing;

    PlayHandler(ServerSession session) {
        this.session = session;
    }

    /**
     * Starts playing {@code name} on the command's message stream, once the target's policy and authorizer allow it:
     * StreamBegin, NetStream.Play.Reset and NetStream.Play.Start, |RtmpSampleAccess, then (now, or once the path is
     * published) the metadata, sequence headers, GOP cache and live messages. A key is played where a consumer
     * would accept its publish, or where a route publishes ({@link RtmpServer#serve}).
     */
    void onPlay(RtmpMessage message, String name, int replyType) {
        ServerSession s = session;
        int msid = message.messageStreamId();
        ServerSession.NetStream stream = s.streams.get(msid);
        String key = ServerSession.stripQuery(name);
        String badName = s.options.nameProblem(name, key);
        if (!s.connected || stream == null || stream.isPublishing() || stream.pending != null
                || stream.player != null || stream.playDeciding) {
            s.statusOnStream(replyType, msid, "error", "NetStream.Play.Failed",
                    !s.connected ? "Not connected." : "Play on a stream that was not created or is in use.");
            return;
        }
        PublishTarget target = badName != null || key.isEmpty() ? null : s.server.playTarget(s.application, key);
        if (target == null) {
            s.refusals.refused("Refused play from {} of {}/{}: {}", s.clientAddress, LogSafe.of(s.application),
                    LogSafe.of(name),
                    badName != null ? "stream name " + badName : "no consumer or route serves that stream key");
            s.statusOnStream(replyType, msid, "error", "NetStream.Play.StreamNotFound",
                    "Stream '" + key + "' is not served on application '" + s.application + "'.");
            return;
        }
        PlayInfo info = new PlayInfo(s.application, key, name, s.clientAddress, s.connectionId, msid, s.tcUrl,
                s.connectParameters);
        if (!target.play().allowed()) {
            refuse(replyType, info, PlayDecision.FAILED, "Playing is not allowed on application '" + s.application
                    + "'.", "play=false");
            return;
        }
        PlayAuthorizer authorizer = target.play().authorizer();
        if (authorizer == null) {
            startPlay(stream, target, info, replyType);
            return;
        }
        // The authorizer may block: it runs on a worker thread, and the connection is not read meanwhile.
        stream.playDeciding = true;
        s.delivery.hold(true);
        s.updateSetupClock(); // stopped while authorizing
        PlayRequest request = new PlayRequest(s.application, key, name, PublishRequest.query(name),
                s.connectParameters, s.clientAddress);
        s.server.deliveryExecutor().execute(() -> {
            PlayDecision decision;
            try {
                decision = authorizer.authorize(request);
                if (decision == null) {
                    decision = PlayDecision.deny(null, "No authorization decision.");
                }
            } catch (RuntimeException | Error e) {
                LOG.warn("Authorizing the play of {} from {} failed; refused", LogSafe.of(info.path()),
                        s.clientAddress, e);
                decision = PlayDecision.deny(null, "Authorization failed.");
            }
            PlayDecision decided = decision;
            s.ctx.executor().execute(() -> {
                if (!s.ctx.channel().isActive()) {
                    return;
                }
                stream.playDeciding = false;
                if (decided.allowed()) {
                    startPlay(stream, target, info, replyType);
                } else {
                    refuse(replyType, info, decided.statusCode(), decided.description(), "refused by the authorizer");
                }
                s.delivery.hold(false);
                s.updateSetupClock();
            });
        });
    }

    /** Answers a refused play with an onStatus error on its stream; the connection stays open. */
    private void refuse(int replyType, PlayInfo info, String code, String description, String why) {
        session.refusals.refused("Refused play from {} of {}: {} ({}: {})",
                session.clientAddress, LogSafe.of(info.path()), why,
                LogSafe.of(code), LogSafe.of(description));
        session.statusOnStream(replyType, info.messageStreamId(), "error", code, description);
    }

    private void startPlay(ServerSession.NetStream stream, PublishTarget target, PlayInfo info, int replyType) {
        ServerSession s = session;
        int msid = stream.id;
        String key = info.streamKey();
        String path = info.path();
        s.ctx.write(ProtocolControl.streamBegin(msid));
        s.ctx.write(new Command("onStatus", 0, null, List.of(ServerSession.status("status", "NetStream.Play.Reset",
                "Playing and resetting " + key + "."))).toMessage(replyType, Command.STREAM_CHUNK_STREAM_ID, msid));
        s.ctx.write(new Command("onStatus", 0, null, List.of(ServerSession.status("status", "NetStream.Play.Start",
                "Started playing " + key + "."))).toMessage(replyType, Command.STREAM_CHUNK_STREAM_ID, msid));
        s.ctx.write(new RtmpMessage(Player.DATA_CHUNK_STREAM_ID, MessageType.DATA_AMF0, 0, msid,
                Amf0.encodeAll("|RtmpSampleAccess", Boolean.TRUE, Boolean.TRUE)));
        stream.player = new Player(s.ctx.channel(), msid, s.options.playerMaxQueuedBytes(),
                s.server.flusher(s.ctx.channel().eventLoop()));
        stream.player.acceptFourCcs(acceptedFourCcs(s.connectParameters, target.play()));
        stream.playPath = path;
        stream.playInfo = info;
        stream.playTarget = target;
        stream.playSource = s.server.source(path);
        stream.playSource.addPlayer(stream.player);
        stream.playWaitingSince = stream.playSource.published() ? -1 : s.now();
        // Flushed only now that the player has joined its source: a client that acts on Play.Start (a route that
        // starts publishing) must find it there, or the player would miss that publish's PublishNotify.
        s.ctx.flush();
        s.updateSetupClock(); // stopped while the connection plays
        LOG.info("Play started: {} to {} (connection {})", LogSafe.of(path), s.clientAddress, s.connectionId);
        StreamListener listener = target.listener();
        s.delivery.offer(() -> listener.onPlayStart(info), 0);
        armCheck();
    }

    /**
     * The Enhanced RTMP FourCCs a player may be sent: any when it announced "*" or when the policy sends every codec
     * to players that announced none; its fourCcList when it announced one; none when it announced nothing.
     */
    static Set<String> acceptedFourCcs(Map<String, Object> connect, PlayPolicy policy) {
        if (connect.get("fourCcList") instanceof List<?> list) {
            Set<String> fourCcs = new LinkedHashSet<>();
            for (Object fourCc : list) {
                if (fourCc instanceof String str) {
                    fourCcs.add(str);
                }
            }
            return fourCcs.contains("*") ? null : Set.copyOf(fourCcs);
        }
        return policy.unannouncedCodecs() ? null : Set.of();
    }

    /** Stops the player of message stream {@code msid}, if it plays. */
    void stopPlay(int msid, PlayEndReason reason) {
        ServerSession s = session;
        ServerSession.NetStream stream = s.streams.get(msid);
        if (stream == null || stream.player == null) {
            return;
        }
        stream.playSource.removePlayer(stream.player);
        PlayStats stats = stream.playSource.stats(stream.player);
        s.server.releaseSource(stream.playPath);
        PlayEndReason ended = closing != null && reason != PlayEndReason.STOPPED ? closing : reason;
        LOG.info("Play ended: {} to {} ({} messages sent, {} dropped as the player fell behind; {})",
                LogSafe.of(stream.playPath), s.clientAddress, stats.messagesSent(), stats.messagesDropped(), ended);
        PlayInfo info = stream.playInfo;
        StreamListener listener = stream.playTarget.listener();
        s.delivery.offer(() -> listener.onPlayEnd(info, ended, stats), 0);
        stream.player = null;
        stream.playSource = null;
        stream.playPath = null;
        stream.playInfo = null;
        stream.playTarget = null;
        s.updateSetupClock();
    }

    /** Whether a stream of this connection plays (or waits for its path to be published). */
    boolean playing() {
        for (ServerSession.NetStream stream : session.streams.values()) {
            if (stream.player != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether a stream of this connection plays a stream of {@code target}. */
    boolean playsFrom(PublishTarget target) {
        for (ServerSession.NetStream stream : session.streams.values()) {
            if (stream.player != null && stream.playTarget == target) {
                return true;
            }
        }
        return false;
    }

    /** Whether a play of this connection is being authorized. */
    boolean deciding() {
        for (ServerSession.NetStream stream : session.streams.values()) {
            if (stream.playDeciding) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- pause, seek, receiveAudio/receiveVideo

    /**
     * {@code pause}: true stops sending to the player (StreamEOF, NetStream.Pause.Notify); false resumes at the next
     * key frame of the live stream (StreamBegin, NetStream.Unpause.Notify).
     */
    void onPause(RtmpMessage message, Command command, int replyType) {
        ServerSession.NetStream stream = playingStream(message, command);
        if (stream == null) {
            return;
        }
        boolean pause = !(command.argument(0) instanceof Boolean b) || b;
        int msid = stream.id;
        stream.player.pause(pause);
        String key = stream.playInfo.streamKey();
        session.ctx.write(pause ? ProtocolControl.streamEof(msid) : ProtocolControl.streamBegin(msid));
        session.statusOnStream(replyType, msid, "status", pause ? "NetStream.Pause.Notify"
                : "NetStream.Unpause.Notify", (pause ? "Paused live stream " : "Unpaused live stream ") + key + ".");
    }

    /** {@code seek} on a live stream: NetStream.Seek.Notify, and the player carries on live. */
    void onSeek(RtmpMessage message, Command command, int replyType) {
        ServerSession.NetStream stream = playingStream(message, command);
        if (stream == null) {
            return;
        }
        session.statusOnStream(replyType, stream.id, "status", "NetStream.Seek.Notify",
                "Seeking is not possible in live stream " + stream.playInfo.streamKey() + "; it plays on live.");
    }

    /** {@code receiveAudio} / {@code receiveVideo}: whether that kind is sent to the player. No reply. */
    void onReceive(RtmpMessage message, Command command, boolean video) {
        ServerSession.NetStream stream = playingStream(message, command);
        if (stream == null) {
            return;
        }
        boolean receive = !(command.argument(0) instanceof Boolean b) || b;
        if (video) {
            stream.player.receiveVideo(receive);
        } else {
            stream.player.receiveAudio(receive);
        }
    }

    /** The stream the command is about when it plays; null (the command ignored) otherwise. */
    private ServerSession.NetStream playingStream(RtmpMessage message, Command command) {
        ServerSession.NetStream stream = session.streams.get(message.messageStreamId());
        if (stream == null || stream.player == null) {
            LOG.debug("{}: {} on a stream that does not play ignored", session.clientAddress,
                    LogSafe.of(command.name()));
            return null;
        }
        return stream;
    }

    // ---------------------------------------------------------------- time budgets

    private void armCheck() {
        RtmpServerOptions options = session.options;
        if (check != null || !session.ctx.channel().isActive()
                || (options.playIdleTimeoutMillis() <= 0 && options.playerMaxDroppedFrames() <= 0)) {
            return;
        }
        long interval = 1000;
        if (options.playIdleTimeoutMillis() > 0) {
            interval = Math.min(interval, Math.max(50, options.playIdleTimeoutMillis() / 4));
        }
        check = session.ctx.executor().schedule(this::check, interval, TimeUnit.MILLISECONDS);
    }

    /** Closes the connection when a play waited too long for a publisher or its player fell too far behind. */
    private void check() {
        check = null;
        ServerSession s = session;
        RtmpServerOptions options = s.options;
        long now = s.now();
        for (ServerSession.NetStream stream : s.streams.values()) {
            if (stream.player == null) {
                continue;
            }
            long maxDropped = options.playerMaxDroppedFrames();
            if (maxDropped > 0) {
                long dropped = stream.playSource.stats(stream.player).messagesDropped();
                if (dropped > maxDropped) {
                    LOG.warn("Closing connection from {} playing {}: {} messages dropped as the player fell behind, "
                            + "more than {} (playerMaxDroppedFrames)", s.clientAddress, LogSafe.of(stream.playPath),
                            dropped, maxDropped);
                    closing = PlayEndReason.TOO_SLOW;
                    s.closeWith(EndReason.ERROR);
                    return;
                }
            }
            long idleTimeout = options.playIdleTimeoutMillis();
            if (idleTimeout > 0) {
                if (stream.playSource.published()) {
                    stream.playWaitingSince = -1;
                } else if (stream.playWaitingSince < 0) {
                    stream.playWaitingSince = now;
                } else if (now - stream.playWaitingSince >= TimeUnit.MILLISECONDS.toNanos(idleTimeout)) {
                    String description = "Nothing was published to " + stream.playInfo.streamKey() + " for "
                            + idleTimeout + " ms.";
                    LOG.warn("Closing connection from {} playing {}: nothing published for {} ms (playIdleTimeout)",
                            s.clientAddress, LogSafe.of(stream.playPath), idleTimeout);
                    closing = PlayEndReason.TIMEOUT;
                    s.closeReason = EndReason.TIMEOUT;
                    s.ctx.writeAndFlush(new Command("onStatus", 0, null, List.of(ServerSession.status("error",
                            "NetStream.Play.StreamNotFound", description))).toMessage(MessageType.COMMAND_AMF0,
                            Command.STREAM_CHUNK_STREAM_ID, stream.id)).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
        }
        if (playing()) {
            armCheck();
        }
    }

    /** The connection closed: no more checks. */
    void closed() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
