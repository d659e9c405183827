package dev.camelrtmp.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.protocol.LogSafe;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton of the producers that write each RTMP stream of a route into a folder ({@code flv:}, {@code mp4:},
 * {@code hls:}): the folder is checked at start; every Exchange must carry the RTMP headers; a stream's record is
 * opened at its first Exchange (or PUBLISH_START event) and closed at its PUBLISH_END event or when the route stops.
 * <p>
 * A record is either one publish's own (connection, message stream, application and key), or, where publishes
 * share one, its path's ({@code application/key}): the newest publish of the path owns it, a new one goes on in it
 * (see {@link #takenOver}), and messages and the end of an earlier publish are then ignored; a shared record that
 * failed is opened anew at the next PUBLISH_START.
 * <p>
 * When a record fails (its folder, file name, space, any I/O error) it ends there: one ERROR line, the error header,
 * and with {@link RecordErrorAction#CLOSE_PUBLISHER} the Exchange asks the consumer to close the publisher
 * ({@link RtmpConstants#CLOSE_PUBLISH}). Later messages of that publish are not written, without a word.
 *
 * @param <E> the endpoint
 * @param <R> the record of a stream
 */
abstract class StreamRecordProducer<E extends RecordingEndpoint, R extends StreamRecord> extends DefaultProducer {

    /** The onStatus code a publisher gets when its recording failed. */
    static final String RECORD_FAILED = "NetStream.Record.Failed";

    /** The subclass's logger. */
    protected final Logger log = LoggerFactory.getLogger(getClass());

    private final String scheme;
    private final String folderVerb;
    private final String goesOn;
    private final String errorHeader;
    private final boolean shared;
    private final ConcurrentMap<Object, Slot<R>> slots = new ConcurrentHashMap<>();

    /** The publish an Exchange belongs to, as its RTMP headers name it. */
    protected record Publish(String connection, int messageStream, String application, String key) {

        /** The path, {@code application/key}. */
        String stream() {
            return application + "/" + key;
        }
    }

    /** A path, the key of a record its publishes share. */
    private record StreamPath(String application, String key) {
    }

    /**
     * A stream's record, the publish that owns it, and whether PUBLISH_START events come (then only they hand a shared
     * record to another publish; without them, a message of another publish does).
     */
    private record Slot<R>(R record, Publish owner, boolean events) {
    }

    /**
     * @param scheme      the component's scheme, for messages ({@code "flv"})
     * @param folderVerb  what the start check says cannot be done into the folder ({@code "record"})
     * @param goesOn      how the stream goes on after a failure, for the log line ({@code "unrecorded"})
     * @param errorHeader the header that carries a failure
     * @param shared      whether the publishes of a path share one record
     */
    protected StreamRecordProducer(E endpoint, String scheme, String folderVerb, String goesOn,
            String errorHeader, boolean shared) {
        super(endpoint);
        this.scheme = scheme;
        this.folderVerb = folderVerb;
        this.goesOn = goesOn;
        this.errorHeader = errorHeader;
        this.shared = shared;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E getEndpoint() {
        return (E) super.getEndpoint();
    }

    /** Opens the record of a publish's stream, failed from the start when it cannot be opened. */
    protected abstract R open(Publish publish);

    /**
     * Writes an audio, video or data Exchange ({@link FlvTagType}) into a record that is recording, and sets the
     * headers that say so; false when that failed, which ends the record.
     */
    protected abstract boolean write(Message in, R record, int tagType) throws Exception;

    /** Sets the PUBLISH_START event's headers. */
    protected abstract void started(Message in, R record);

    /** Sets the PUBLISH_END event's headers once the record is closed (the error header is set here). */
    protected abstract void ended(Message in, R record);

    /**
     * Another publish of the path goes on in its shared record; false when that failed now. Only asked where
     * publishes share a record.
     */
    protected boolean takenOver(R record) {
        return true;
    }

    /** Checks that the folder can take files: created if missing, and a file can be made in it. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Path folder = Paths.get(getEndpoint().getDirectory()).toAbsolutePath();
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, "." + scheme + "-write-check-", ".tmp"));
        } catch (IOException e) {
            throw new IllegalStateException(scheme + ": cannot " + folderVerb + " into folder " + folder + ": "
                    + Recording.cause(e, folder));
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        String application = in.getHeader(RtmpConstants.APPLICATION, String.class);
        String streamKey = in.getHeader(RtmpConstants.STREAM_KEY, String.class);
        if (type == null || application == null || streamKey == null) {
            throw new IllegalArgumentException(scheme + ": the Exchange lacks the RTMP headers "
                    + RtmpConstants.MESSAGE_TYPE + ", " + RtmpConstants.APPLICATION + " and "
                    + RtmpConstants.STREAM_KEY);
        }
        Publish publish = new Publish(in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class),
                in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class), application, streamKey);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            String event = in.getHeader(RtmpConstants.EVENT, String.class);
            if (RtmpConstants.PUBLISH_START.equals(event)) {
                started(in, start(exchange, publish).record());
            } else if (RtmpConstants.PUBLISH_END.equals(event)) {
                Object key = keyOf(publish);
                Slot<R> slot = slots.get(key);
                if (slot != null && slot.owner().equals(publish) && slots.remove(key, slot)) {
                    end(exchange, slot.record());
                }
            }
            return;
        }
        Slot<R> slot = slot(exchange, publish, false);
        if (!slot.owner().equals(publish)) {
            if (slot.events()) {
                return; // an earlier publish of the path, whose end has not come through yet
            }
            slot = takeOver(exchange, slot, publish, false); // no lifecycle events: newest wins
        }
        R record = slot.record();
        if (!record.isRecording()) {
            return; // failed earlier, and said so then
        }
        int tagType = switch (type) {
            case RtmpConstants.TYPE_AUDIO -> FlvTagType.AUDIO;
            case RtmpConstants.TYPE_VIDEO -> FlvTagType.VIDEO;
            default -> FlvTagType.SCRIPT_DATA;
        };
        if (!write(in, record, tagType)) {
            failed(exchange, record, true);
        }
    }

    private Object keyOf(Publish publish) {
        return shared ? new StreamPath(publish.application(), publish.key()) : publish;
    }

    /** The slot a PUBLISH_START event gets. */
    private Slot<R> start(Exchange exchange, Publish publish) {
        Object key = keyOf(publish);
        Slot<R> slot = slots.get(key);
        if (slot != null && shared && !slot.record().isRecording()) {
            slots.remove(key, slot); // failed: the new publish tries a new record
            slot = null;
        }
        if (slot != null && !slot.owner().equals(publish)) {
            return takeOver(exchange, slot, publish, true);
        }
        return slot(exchange, publish, true);
    }

    /** The slot of a publish's stream, its record opened at its first Exchange. */
    private Slot<R> slot(Exchange exchange, Publish publish, boolean events) {
        Object key = keyOf(publish);
        Slot<R> slot = slots.get(key);
        if (slot == null) {
            slot = new Slot<>(open(publish), publish, events);
            Slot<R> raced = slots.putIfAbsent(key, slot);
            if (raced != null) {
                return raced; // another publish of a shared path (one thread per publish)
            }
            if (slot.record().isRecording()) {
                logOpened(slot.record());
            } else {
                failed(exchange, slot.record(), true);
            }
        }
        return slot;
    }

    /** Another publish of the path goes on in its record. */
    private Slot<R> takeOver(Exchange exchange, Slot<R> slot, Publish publish, boolean events) {
        Slot<R> next = new Slot<>(slot.record(), publish, events || slot.events());
        slots.put(keyOf(publish), next);
        if (!takenOver(next.record())) {
            failed(exchange, next.record(), true);
        }
        return next;
    }

    /** Closes a record at its PUBLISH_END and sets the event's headers. */
    private void end(Exchange exchange, R record) {
        Message in = exchange.getIn();
        if (!record.close()) {
            failed(exchange, record, false);
        } else {
            logClosed(record);
        }
        ended(in, record);
        if (record.failure() != null) {
            in.setHeader(errorHeader, record.failure());
        }
    }

    /**
     * Says once that a record failed; while the stream is live, acts as onRecordError says.
     *
     * @param live whether the publish goes on (false at its end)
     */
    private void failed(Exchange exchange, R record, boolean live) {
        boolean closePublisher = live && getEndpoint().getOnRecordError() == RecordErrorAction.CLOSE_PUBLISHER;
        logFailed(record, !live ? "" : closePublisher ? "; closing the publisher" : "; the stream goes on " + goesOn);
        exchange.getIn().setHeader(errorHeader, record.failure());
        if (closePublisher) {
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH, "Recording failed: " + record.failure() + ".");
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH_CODE, RECORD_FAILED);
        }
    }

    /** Closes every record: the route stops. */
    @Override
    protected void doStop() throws Exception {
        for (Slot<R> slot : slots.values()) {
            R record = slot.record();
            boolean wasRecording = record.isRecording();
            if (!record.close()) {
                logStopFailed(record);
            } else if (wasRecording) {
                logStopped(record); // the publish did not end before the route stopped (shutdown)
            }
        }
        slots.clear();
        super.doStop();
    }

    /** Logs that a record was opened. */
    protected void logOpened(R record) {
        log.debug("Recording {} into {}", LogSafe.of(record.stream()), record.file());
    }

    /** Logs that a record failed, then {@code outcome} (what happens to the publish). */
    protected void logFailed(R record, String outcome) {
        log.error("Recording of {} into {} failed: {}; {}{}", LogSafe.of(record.stream()), record.file(),
                record.failure(), record.kept(), outcome);
    }

    /** Logs that a record was closed at its PUBLISH_END. */
    protected void logClosed(R record) {
        log.debug("Recording {} closed", record.file());
    }

    /** Logs that closing a record as the route stopped failed. */
    protected void logStopFailed(R record) {
        log.error("Closing the recording of {} in {} failed: {}; {}", LogSafe.of(record.stream()), record.file(),
                record.failure(), record.kept());
    }

    /** Logs that a record was closed as the route stopped: what is on disk. */
    protected void logStopped(R record) {
        log.info("Recording of {} closed as the route stopped: {}, {}", LogSafe.of(record.stream()), record.file(),
                record.kept());
    }
}
