package dev.camelrtmp.server;

import java.util.List;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.amf.Amf0;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The play side of one connection: {@code play} and {@code play2} (name checks, the onStatus sequence, joining the
 * path's {@link LiveSource} as a {@link Player}), and the end of each play.
 * <p>
 * Threading: every method and field is owned by the connection's event loop. Once a player has joined its source,
 * the publisher's event loop sends to it under the source's monitor (see {@link LiveSource} and {@link Player}).
 */
final class PlayHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);

    private final ServerSession session;

    PlayHandler(ServerSession session) {
        this.session = session;
    }

    /**
     * Starts playing {@code name} on the command's message stream: StreamBegin, NetStream.Play.Reset and
     * NetStream.Play.Start, |RtmpSampleAccess, then (now, or once the path is published) the metadata, sequence
     * headers, GOP cache and live messages. A key is played where a consumer would accept its publish.
     */
    void onPlay(RtmpMessage message, String name, int replyType) {
        ServerSession s = session;
        int msid = message.messageStreamId();
        ServerSession.NetStream stream = s.streams.get(msid);
        String key = ServerSession.stripQuery(name);
        String badName = s.nameProblem(name, key);
        if (!s.connected || stream == null || stream.isPublishing() || stream.pending != null
                || stream.player != null) {
            s.statusOnStream(replyType, msid, "error", "NetStream.Play.Failed",
                    !s.connected ? "Not connected." : "Play on a stream that was not created or is in use.");
            return;
        }
        if (badName != null || key.isEmpty() || s.server.resolve(s.application, key) == null) {
            LOG.warn("Refused play from {} of {}/{}: {}", s.clientAddress, LogSafe.of(s.application),
                    LogSafe.of(name), badName != null ? "stream name " + badName : "no consumer serves that stream key");
            s.statusOnStream(replyType, msid, "error", "NetStream.Play.StreamNotFound",
                    "Stream '" + key + "' is not served on application '" + s.application + "'.");
            return;
        }
        String path = s.application + "/" + key;
        s.ctx.write(ProtocolControl.streamBegin(msid));
        s.ctx.write(new Command("onStatus", 0, null, List.of(ServerSession.status("status", "NetStream.Play.Reset",
                "Playing and resetting " + key + "."))).toMessage(replyType, Command.STREAM_CHUNK_STREAM_ID, msid));
        s.ctx.write(new Command("onStatus", 0, null, List.of(ServerSession.status("status", "NetStream.Play.Start",
                "Started playing " + key + "."))).toMessage(replyType, Command.STREAM_CHUNK_STREAM_ID, msid));
        s.ctx.writeAndFlush(new RtmpMessage(Player.DATA_CHUNK_STREAM_ID, MessageType.DATA_AMF0, 0, msid,
                Amf0.encodeAll("|RtmpSampleAccess", Boolean.TRUE, Boolean.TRUE)));
        stream.player = new Player(s.ctx.channel(), msid, s.options.maxQueuedBytes());
        stream.playPath = path;
        stream.playSource = s.server.source(path);
        stream.playSource.addPlayer(stream.player);
        s.updateSetupClock(); // stopped while the connection plays
        LOG.info("Play started: {} to {} (connection {})", LogSafe.of(path), s.clientAddress, s.connectionId);
    }

    /** Stops the player of message stream {@code msid}, if it plays. */
    void stopPlay(int msid) {
        ServerSession s = session;
        ServerSession.NetStream stream = s.streams.get(msid);
        if (stream == null || stream.player == null) {
            return;
        }
        stream.playSource.removePlayer(stream.player);
        s.server.releaseSource(stream.playPath);
        LOG.info("Play ended: {} to {} ({} messages sent, {} dropped as the player fell behind)",
                LogSafe.of(stream.playPath), s.clientAddress, stream.player.sent(), stream.player.dropped());
        stream.player = null;
        stream.playSource = null;
        stream.playPath = null;
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
}
