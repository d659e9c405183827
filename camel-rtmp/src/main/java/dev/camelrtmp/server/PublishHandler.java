package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.AggregateMessages;
import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish side of one connection: {@code publish} (name checks, the target, authorization, the live registry
 * and take-overs), the media messages of each published stream (to the path's {@link LiveSource} and to the
 * listener's {@link DeliveryQueue}), the end of each publish, and the {@code idlePublisherTimeout} check.
 * <p>
 * Threading: every method and field is owned by the connection's event loop. An authorizer runs on a delivery
 * thread and hands its decision back to the event loop; the listener's calls are queued to the delivery threads.
 * {@link ServerSession.NetStream#lastMediaNanos} is also read by other connections' event loops (take-over).
 */
final class PublishHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);

    private final ServerSession session;
    /** How many of the connection's streams are being published now. */
    private int publishing;
    /** The next check of the published streams against idlePublisherTimeout, or null. */
    private ScheduledFuture<?> idleCheck;

    PublishHandler(ServerSession session) {
        this.session = session;
    }

    /** Whether one of the connection's streams is published now. */
    boolean publishing() {
        return publishing > 0;
    }

    void onPublish(RtmpMessage message, Command command, int replyType) {
        ServerSession s = session;
        RtmpServerOptions options = s.options;
        int msid = message.messageStreamId();
        String name = command.argument(0) instanceof String str ? str : "";
        String type = command.argument(1) instanceof String str ? str : "live";
        ServerSession.NetStream stream = s.streams.get(msid);
        if (stream == null) {
            if (msid == 0) {
                s.statusOnStream(replyType, msid, "error", "NetStream.Publish.BadName", "publish on stream 0");
                return;
            }
            if (s.streams.size() >= options.maxMessageStreams()) {
                throw new RtmpProtocolException("more than " + options.maxMessageStreams()
                        + " message streams on one connection (maxMessageStreams)");
            }
            stream = s.new NetStream(msid); // a client that publishes on a stream it did not create
            s.streams.put(msid, stream);
        }
        String key = ServerSession.stripQuery(name);
        if (!s.connected) {
            s.statusOnStream(replyType, msid, "error", "NetStream.Publish.BadName", "Not connected.");
            return;
        }
        String badName = s.options.nameProblem(name, key);
        if (badName != null) {
            s.refusals.refused("Refused publish from {} to application '{}': stream name '{}' {}", s.clientAddress,
                    LogSafe.of(s.application), LogSafe.of(name), badName);
            s.statusOnStream(replyType, msid, "error", "NetStream.Publish.BadName", "Invalid stream name.");
            return;
        }
        if (stream.isPublishing() || stream.pending != null) {
            s.statusOnStream(replyType, msid, "error", "NetStream.Publish.BadName", "Stream already publishing.");
            return;
        }
        PublishTarget target = s.server.resolve(s.application, key);
        if (target == null || key.isEmpty()) {
            s.refusals.refused("Refused publish from {} to {}/{}: no consumer serves that stream key", s.clientAddress,
                    LogSafe.of(s.application), LogSafe.of(key));
            s.statusOnStream(replyType, msid, "error", "NetStream.Publish.BadName",
                    "Stream key '" + key + "' is not accepted on application '" + s.application + "'.");
            return;
        }
        PublishInfo info = new PublishInfo(s.application, key, name, type, s.clientAddress, s.connectionId, msid,
                s.tcUrl, s.connectParameters);
        if (target.authorizer() == null) {
            decide(stream, target, info, replyType, PublishDecision.allow());
            return;
        }
        // The authorizer may block: it runs on a worker thread, and the connection is not read meanwhile.
        stream.pending = new ArrayList<>();
        s.delivery.hold(true);
        s.updateSetupClock(); // stopped while authorizing
        PublishRequest request = new PublishRequest(s.application, key, name, PublishRequest.query(name),
                s.connectParameters, s.clientAddress);
        ServerSession.NetStream deciding = stream;
        s.server.deliveryExecutor().execute(() -> {
            PublishDecision decision;
            try {
                decision = target.authorizer().authorize(request);
                if (decision == null) {
                    decision = PublishDecision.deny(PublishDecision.BAD_NAME, "no authorization decision");
                }
            } catch (RuntimeException | Error e) {
                LOG.warn("Authorizing the publish of {} from {} failed; refused", LogSafe.of(info.path()),
                        s.clientAddress, e);
                decision = PublishDecision.deny(PublishDecision.BAD_NAME, "Authorization failed.");
            }
            PublishDecision decided = decision;
            s.ctx.executor().execute(() -> {
                if (s.ctx.channel().isActive()) {
                    decide(deciding, target, info, replyType, decided);
                    s.delivery.hold(false);
                    s.updateSetupClock(); // runs on with the time left when the publish was refused
                }
            });
        });
    }

    /** Starts or refuses a publish once it is decided, then handles what arrived for it meanwhile. */
    private void decide(ServerSession.NetStream stream, PublishTarget target, PublishInfo info, int replyType,
            PublishDecision decision) {
        ServerSession s = session;
        List<RtmpMessage> held = stream.pending;
        stream.pending = null;
        int msid = stream.id;
        StreamListener listener = target.listener();
        if (!decision.allowed()) {
            s.refusals.refused("Refused publish from {} to {}: {} ({})", s.clientAddress, LogSafe.of(info.path()),
                    LogSafe.of(decision.statusCode()), LogSafe.of(decision.description()));
            refuse(replyType, msid, info, target, decision.statusCode(), decision.description());
            return;
        }
        stream.lastMediaNanos = s.now();
        if (!claimLive(stream, target, info.path())) {
            refuse(replyType, msid, info, target, PublishDecision.BAD_NAME,
                    "Stream '" + info.path() + "' is already being published.");
            return;
        }
        stream.publish = info;
        stream.target = target;
        stream.source = s.server.source(info.path());
        stream.source.publish(stream);
        stream.startedMillis = System.currentTimeMillis();
        publishing++;
        stream.pausesAtStart = s.delivery.pauses();
        target.statistics().publishStarted();
        s.updateSetupClock(); // stopped while the connection publishes
        s.resetSetupTime();
        armIdleCheck(TimeUnit.MILLISECONDS.toNanos(s.options.idlePublisherTimeoutMillis()));
        s.ctx.write(ProtocolControl.streamBegin(msid));
        s.statusOnStream(replyType, msid, "status", "NetStream.Publish.Start",
                info.streamName() + " is now published.");
        LOG.info("Publish started: {} from {} (connection {})", LogSafe.of(info.path()), s.clientAddress,
                s.connectionId);
        s.delivery.offer(() -> listener.onPublishStart(info), 0);
        if (held != null) {
            for (RtmpMessage message : held) {
                onMedia(message, MediaMessage.kindOf(message.typeId()));
            }
        }
    }

    /**
     * Makes {@code stream} the live publisher of {@code path}: at once when nobody publishes it, or by taking over
     * from the live publisher when the target lets it ({@code duplicatePublish=TAKE_OVER}, or that publisher has
     * been idle for {@code idlePublisherTakeOver}). Returns false, having logged why, when the publish is refused.
     */
    private boolean claimLive(ServerSession.NetStream stream, PublishTarget target, String path) {
        ServerSession s = session;
        while (true) {
            Object holder = s.server.claimLive(path, stream);
            if (holder == null) {
                return true;
            }
            if (!(holder instanceof ServerSession.NetStream live)) {
                s.refusals.refused("Refused publish from {} to {}: a route publishes it",
                        s.clientAddress, LogSafe.of(path));
                return false;
            }
            String reason = takeOverReason(live, target);
            if (reason == null) {
                s.refusals.refused("Refused publish from {} to {}: already being published", s.clientAddress,
                        LogSafe.of(path));
                return false;
            }
            if (s.server.takeOverLive(path, live, stream)) {
                ServerSession previous = live.session();
                LOG.warn("Publish of {} from {} takes over from {} ({})", LogSafe.of(path), s.clientAddress,
                        previous.clientAddress, reason);
                previous.closeTakenOver();
                return true;
            }
            // another publisher got there first: decide again against that one
        }
    }

    /** Why a new publish may take {@code live}'s key from it, or null when it may not. */
    private String takeOverReason(ServerSession.NetStream live, PublishTarget target) {
        if (live.session() == session) {
            return null;
        }
        if (target.duplicate() == DuplicatePublish.TAKE_OVER) {
            return "duplicatePublish=TAKE_OVER";
        }
        long idle = live.idleNanos(session.now());
        if (target.idleTakeOverMillis() > 0 && idle >= TimeUnit.MILLISECONDS.toNanos(target.idleTakeOverMillis())) {
            return "it received nothing for " + TimeUnit.NANOSECONDS.toMillis(idle) + " ms (idlePublisherTakeOver)";
        }
        return null;
    }

    private void refuse(int replyType, int msid, PublishInfo info, PublishTarget target, String code,
            String description) {
        session.statusOnStream(replyType, msid, "error", code, description);
        target.statistics().refused();
        StreamListener listener = target.listener();
        session.delivery.offer(() -> listener.onPublishRefused(info, code, description), 0);
    }

    /** FCUnpublish: notes that the publisher of {@code streamName} means to end it. */
    void unpublishRequested(Object streamName) {
        session.streams.forEach((id, stream) -> stream.unpublishRequested |= stream.isPublishing()
                && stream.publish.streamName().equals(streamName));
    }

    /** Ends the publish on message stream {@code msid}, if it publishes. */
    void endStream(int msid, EndReason reason) {
        ServerSession s = session;
        ServerSession.NetStream stream = s.streams.get(msid);
        if (stream == null || !stream.isPublishing()) {
            return;
        }
        PublishInfo info = stream.publish;
        StreamListener listener = stream.target.listener();
        stream.target.statistics().publishEnded();
        stream.publish = null;
        stream.target = null;
        publishing--;
        s.server.releaseLive(info.path(), stream);
        stream.source.unpublish(stream);
        stream.source = null;
        s.server.releaseSource(info.path());
        PublishStats stats = new PublishStats(stream.audio, stream.video, stream.data, stream.bytes,
                s.delivery.pauses() - stream.pausesAtStart);
        stream.audio = stream.video = stream.data = stream.bytes = 0;
        LOG.info("Publish ended: {} from {} ({}; {} video, {} audio, {} data messages)", LogSafe.of(info.path()),
                s.clientAddress, reason, stats.videoMessages(), stats.audioMessages(), stats.dataMessages());
        s.delivery.offer(() -> listener.onPublishEnd(info, reason, stats), 0);
        s.updateSetupClock(); // runs again, from zero, once the connection publishes nothing
    }

    void onMedia(RtmpMessage message, MediaMessage.Kind kind) {
        ServerSession s = session;
        ServerSession.NetStream stream = s.streams.get(message.messageStreamId());
        if (stream != null && stream.pending != null) {
            if (stream.pending.size() >= s.options.maxQueuedMessages()) {
                throw new RtmpProtocolException("more than " + s.options.maxQueuedMessages()
                        + " messages sent before the publish was decided");
            }
            stream.pending.add(message);
            return;
        }
        if (stream == null || !stream.isPublishing()) {
            LOG.debug("{}: {} outside a publish dropped", s.clientAddress, message);
            return;
        }
        switch (kind) {
            case AUDIO -> stream.audio++;
            case VIDEO -> stream.video++;
            default -> stream.data++;
        }
        stream.bytes += message.length();
        stream.lastMediaNanos = s.now();
        stream.target.statistics().message(message.length());
        MediaMessage media = new MediaMessage(kind, stream.timestamps.unwrap(message.timestamp()), message);
        stream.source.accept(media);
        PublishInfo info = stream.publish;
        StreamListener listener = stream.target.listener();
        s.delivery.offer(() -> listener.onMessage(info, media), message.length());
    }

    void onAggregate(RtmpMessage aggregate) {
        for (RtmpMessage message : AggregateMessages.split(aggregate)) {
            onMedia(message, MediaMessage.kindOf(message.typeId()));
        }
    }

    /** Whether a stream of this connection is published to {@code target} (any target when null). */
    boolean publishesTo(PublishTarget target) {
        for (ServerSession.NetStream stream : session.streams.values()) {
            if (stream.isPublishing() && (target == null || stream.target == target)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a publish of this connection is being authorized. */
    boolean deciding() {
        for (ServerSession.NetStream stream : session.streams.values()) {
            if (stream.pending != null) {
                return true;
            }
        }
        return false;
    }

    private void armIdleCheck(long delayNanos) {
        if (session.options.idlePublisherTimeoutMillis() > 0 && idleCheck == null
                && session.ctx.channel().isActive()) {
            idleCheck = session.ctx.executor().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the connection if one of its streams has been idle for idlePublisherTimeout, else checks again later. */
    private void checkIdle() {
        ServerSession s = session;
        idleCheck = null;
        long timeout = TimeUnit.MILLISECONDS.toNanos(s.options.idlePublisherTimeoutMillis());
        long now = s.now();
        ServerSession.NetStream idlest = null;
        long longest = 0;
        for (ServerSession.NetStream stream : s.streams.values()) {
            long idle = stream.isPublishing() ? stream.idleNanos(now) : -1;
            if (idle >= 0 && (idlest == null || idle > longest)) {
                idlest = stream;
                longest = idle;
            }
        }
        if (idlest == null) {
            return; // nothing published now: armed again when a publish starts
        }
        if (longest >= timeout) {
            LOG.warn("Closing connection from {}: {} received no audio, video or data message for {} ms "
                    + "(idlePublisherTimeout)", s.clientAddress, LogSafe.of(idlest.publish.path()),
                    s.options.idlePublisherTimeoutMillis());
            s.closeWith(EndReason.TIMEOUT);
            return;
        }
        armIdleCheck(timeout - longest);
    }

    /** The connection closed: no more idle checks. */
    void closed() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
    }
}
