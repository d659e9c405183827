package dev.camelrtmp.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.RawRtmp;

/**
 * A bare RTMP player on a thread of its own: plays a stream and notes, in order, what the server sends on the
 * stream: onStatus codes, StreamBegin and StreamEOF, and each audio and video message (type, timestamp, size and
 * payload hash) with the time it arrived. It reads until {@code plays} publishes have ended (UnpublishNotify), the
 * connection closes or it is closed.
 */
final class RawPlayer implements AutoCloseable {

    /** One thing the server sent: {@code STATUS code}, {@code BEGIN}, {@code EOF} or media {@code AUDIO/VIDEO}. */
    record Event(String kind, String value, long nanos, byte[] payload) {
    }

    private final RawRtmp rtmp;
    private final List<Event> events = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile long playSentNanos;
    private volatile Throwable failure;

    /**
     * @param plays how many UnpublishNotify end the player's reading
     */
    RawPlayer(int port, String app, String key, int plays) throws IOException {
        rtmp = new RawRtmp(port);
        thread = new Thread(() -> run(app, key, plays), "raw-player-" + key);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String app, String key, int plays) {
        try {
            rtmp.handshake().connect(app);
            playSentNanos = System.nanoTime();
            rtmp.play(key);
            int ended = 0;
            RtmpMessage m;
            while (ended < plays && (m = rtmp.nextMessage(Duration.ofSeconds(120))) != null) {
                long now = System.nanoTime();
                Event e = switch (m.typeId()) {
                    case MessageType.AUDIO, MessageType.VIDEO -> new Event(
                            m.typeId() == MessageType.AUDIO ? "AUDIO" : "VIDEO", m.typeId() + "@" + m.timestamp()
                                    + " " + m.payload().length + " " + MediaTools.sha256(m.payload()), now,
                            m.payload());
                    case MessageType.USER_CONTROL -> switch (ProtocolControl.userControlEvent(m)) {
                        case ProtocolControl.EVENT_STREAM_BEGIN -> new Event("BEGIN", "", now, null);
                        case ProtocolControl.EVENT_STREAM_EOF -> new Event("EOF", "", now, null);
                        default -> null;
                    };
                    case MessageType.COMMAND_AMF0 -> status(m, now);
                    default -> null;
                };
                if (e != null) {
                    synchronized (events) {
                        events.add(e);
                    }
                    if (e.kind().equals("STATUS") && e.value().equals("NetStream.Play.UnpublishNotify")) {
                        ended++;
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            done.countDown();
        }
    }

    private static Event status(RtmpMessage m, long now) {
        Command command = Command.decode(m, 64);
        if (command.name().equals("onStatus")) {
            for (Object argument : command.arguments()) {
                if (argument instanceof Map<?, ?> info) {
                    return new Event("STATUS", String.valueOf(info.get("code")), now, null);
                }
            }
        }
        return null;
    }

    /** Waits until the player has stopped reading; fails if it did not within the timeout or failed. */
    RawPlayer await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the raw player did not end within " + timeout);
        }
        if (failure != null) {
            throw new AssertionError("the raw player failed", failure);
        }
        return this;
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The audio and video messages, as {@code type@timestamp size hash}. */
    List<String> media() {
        return events().stream().filter(e -> e.kind().equals("AUDIO") || e.kind().equals("VIDEO"))
                .map(Event::value).toList();
    }

    /** When play was sent (System.nanoTime), 0 before. */
    long playSentNanos() {
        return playSentNanos;
    }

    @Override
    public void close() throws IOException {
        rtmp.close();
    }
}
