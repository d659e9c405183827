package dev.camelrtmp.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
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
 * Writes the audio and video Exchanges of each RTMP stream into its LL-HLS folder ({@link HlsFolder}), made at the
 * stream's first message (or PUBLISH_START event) and ended, with {@code EXT-X-ENDLIST}, at its PUBLISH_END event or
 * when the route stops. A stream is its application and key: the newest publish of it (connection and message
 * stream) owns the folder, a new one goes on in the same playlist after a discontinuity, and messages and the end of
 * an earlier publish are then ignored. Data messages only pass their decoded onMetaData on. Failures are handled as
 * by the {@code flv:} and {@code mp4:} recorders.
 */
public class HlsProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(HlsProducer.class);

    /**
     * A stream's folder, the publish that feeds it, and whether PUBLISH_START events come (then only they hand the
     * folder to another publish; without them, a message of another publish does).
     */
    private record Rendition(HlsFolder folder, String publisher, boolean events) {
    }

    private final ConcurrentMap<String, Rendition> renditions = new ConcurrentHashMap<>();

    public HlsProducer(HlsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public HlsEndpoint getEndpoint() {
        return (HlsEndpoint) super.getEndpoint();
    }

    /** Checks that the folder can take files: created if missing, and a file can be made in it. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Path folder = Paths.get(getEndpoint().getDirectory()).toAbsolutePath();
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".hls-write-check-", ".tmp"));
        } catch (IOException e) {
            throw new IllegalStateException("hls: cannot write into folder " + folder + ": "
                    + Recording.cause(e, folder));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        String application = in.getHeader(RtmpConstants.APPLICATION, String.class);
        String streamKey = in.getHeader(RtmpConstants.STREAM_KEY, String.class);
        if (type == null || application == null || streamKey == null) {
            throw new IllegalArgumentException("hls: the Exchange lacks the RTMP headers " + RtmpConstants.MESSAGE_TYPE
                    + ", " + RtmpConstants.APPLICATION + " and " + RtmpConstants.STREAM_KEY);
        }
        String path = application + "/" + streamKey;
        String publisher = in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class) + "/"
                + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            String event = in.getHeader(RtmpConstants.EVENT, String.class);
            if (RtmpConstants.PUBLISH_START.equals(event)) {
                Rendition rendition = renditions.get(path);
                if (rendition != null && !rendition.folder().isWriting()) {
                    renditions.remove(path, rendition); // failed: the new publish tries a new folder
                    rendition = null;
                }
                if (rendition != null && !rendition.publisher().equals(publisher)) {
                    rendition = takeOver(exchange, path, rendition, publisher, true);
                } else {
                    rendition = rendition(exchange, path, publisher, application, streamKey, true);
                }
                in.setHeader(HlsConstants.PLAYLIST, rendition.folder().playlist().toString());
            } else if (RtmpConstants.PUBLISH_END.equals(event)) {
                Rendition rendition = renditions.get(path);
                if (rendition != null && rendition.publisher().equals(publisher)
                        && renditions.remove(path, rendition)) {
                    end(exchange, rendition.folder());
                }
            }
            return;
        }
        Rendition rendition = rendition(exchange, path, publisher, application, streamKey, false);
        if (!rendition.publisher().equals(publisher)) {
            if (rendition.events()) {
                return; // an earlier publish of the path, whose end has not come through yet
            }
            rendition = takeOver(exchange, path, rendition, publisher, false); // no lifecycle events: newest wins
        }
        if (!rendition.folder().isWriting()) {
            return; // failed earlier, and said so then
        }
        int tagType;
        switch (type) {
            case RtmpConstants.TYPE_AUDIO -> tagType = FlvTagType.AUDIO;
            case RtmpConstants.TYPE_VIDEO -> tagType = FlvTagType.VIDEO;
            default -> {
                if (in.getHeader(RtmpConstants.METADATA) instanceof Map<?, ?> metadata) {
                    rendition.folder().metadata((Map<String, Object>) metadata);
                }
                return;
            }
        }
        byte[] body = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        if (!rendition.folder().media(tagType, timestamp, body)) {
            failed(exchange, rendition.folder(), true);
        }
    }

    /** Another publish of the path goes on in its folder, after a discontinuity. */
    private Rendition takeOver(Exchange exchange, String path, Rendition rendition, String publisher,
            boolean events) {
        Rendition next = new Rendition(rendition.folder(), publisher, events || rendition.events());
        renditions.put(path, next);
        if (!next.folder().start()) {
            failed(exchange, next.folder(), true);
        }
        return next;
    }

    private Rendition rendition(Exchange exchange, String path, String publisher, String application,
            String streamKey, boolean events) {
        Rendition rendition = renditions.get(path);
        if (rendition == null) {
            Path folder = Paths.get(getEndpoint().getDirectory()).resolve(RecordingNames.of(application))
                    .resolve(RecordingNames.of(streamKey));
            HlsEndpoint e = getEndpoint();
            rendition = new Rendition(HlsFolder.open(path, folder, e.getPartDuration(), e.getSegmentDuration(),
                    e.getSegmentCount()), publisher, events);
            Rendition raced = renditions.putIfAbsent(path, rendition);
            if (raced != null) {
                return raced;
            }
            if (rendition.folder().isWriting()) {
                LOG.debug("HLS of {} into {}", LogSafe.of(path), rendition.folder().playlist());
            } else {
                failed(exchange, rendition.folder(), true);
            }
        }
        return rendition;
    }

    private void end(Exchange exchange, HlsFolder folder) {
        Message in = exchange.getIn();
        if (!folder.end()) {
            failed(exchange, folder, false);
        } else {
            LOG.debug("HLS of {} ended: {}", LogSafe.of(folder.stream()), folder.playlist());
        }
        in.setHeader(HlsConstants.PLAYLIST, folder.playlist().toString());
        if (folder.failure() != null) {
            in.setHeader(HlsConstants.WRITE_ERROR, folder.failure());
        }
    }

    private void failed(Exchange exchange, HlsFolder folder, boolean live) {
        boolean closePublisher = live && getEndpoint().getOnRecordError() == RecordErrorAction.CLOSE_PUBLISHER;
        LOG.error("HLS of {} into {} failed: {}; {}{}", LogSafe.of(folder.stream()), folder.playlist().getParent(),
                folder.failure(), folder.kept(), !live ? ""
                        : closePublisher ? "; closing the publisher" : "; the stream goes on without HLS files");
        exchange.getIn().setHeader(HlsConstants.WRITE_ERROR, folder.failure());
        if (closePublisher) {
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH, "Recording failed: " + folder.failure() + ".");
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH_CODE, FlvRecordProducer.RECORD_FAILED);
        }
    }

    /** Ends every stream's playlist (EXT-X-ENDLIST): the route stops. */
    @Override
    protected void doStop() throws Exception {
        for (Rendition rendition : renditions.values()) {
            HlsFolder folder = rendition.folder();
            boolean wasWriting = folder.isWriting();
            if (!folder.end()) {
                LOG.error("Ending the HLS of {} in {} failed: {}; {}", LogSafe.of(folder.stream()),
                        folder.playlist().getParent(), folder.failure(), folder.kept());
            } else if (wasWriting) {
                LOG.info("HLS of {} ended as the route stopped: {}", LogSafe.of(folder.stream()), folder.playlist());
            }
        }
        renditions.clear();
        super.doStop();
    }
}
