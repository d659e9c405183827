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
 * Writes the audio and video Exchanges of each RTMP stream into its fragmented MP4 recording ({@link Mp4Recording}),
 * opening it at the first message (or the PUBLISH_START event) and closing it at the PUBLISH_END event or when the
 * route stops. Data messages only pass their decoded onMetaData (picture size) on. Failures are handled as by the
 * {@code flv:} recorder.
 */
public class Mp4RecordProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(Mp4RecordProducer.class);

    private final ConcurrentMap<String, Mp4Recording> recordings = new ConcurrentHashMap<>();

    public Mp4RecordProducer(Mp4Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public Mp4Endpoint getEndpoint() {
        return (Mp4Endpoint) super.getEndpoint();
    }

    /** Checks that the folder can take recordings: created if missing, and a file can be made in it. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Path folder = Paths.get(getEndpoint().getDirectory()).toAbsolutePath();
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".mp4-write-check-", ".tmp"));
        } catch (IOException e) {
            throw new IllegalStateException("mp4: cannot record into folder " + folder + ": "
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
            throw new IllegalArgumentException("mp4: the Exchange lacks the RTMP headers " + RtmpConstants.MESSAGE_TYPE
                    + ", " + RtmpConstants.APPLICATION + " and " + RtmpConstants.STREAM_KEY);
        }
        String id = in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class) + "/"
                + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class) + "/" + application + "/" + streamKey;
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            String event = in.getHeader(RtmpConstants.EVENT, String.class);
            if (RtmpConstants.PUBLISH_START.equals(event)) {
                Mp4Recording recording = recording(exchange, id, application, streamKey);
                if (recording.isRecording()) {
                    in.setHeader(Mp4Constants.FILE_NAME, recording.file().toString());
                }
            } else if (RtmpConstants.PUBLISH_END.equals(event)) {
                Mp4Recording recording = recordings.remove(id);
                if (recording != null) {
                    end(exchange, recording);
                }
            }
            return;
        }
        Mp4Recording recording = recording(exchange, id, application, streamKey);
        if (!recording.isRecording()) {
            return; // failed earlier, and said so then
        }
        int tagType;
        switch (type) {
            case RtmpConstants.TYPE_AUDIO -> tagType = FlvTagType.AUDIO;
            case RtmpConstants.TYPE_VIDEO -> tagType = FlvTagType.VIDEO;
            default -> {
                if (in.getHeader(RtmpConstants.METADATA) instanceof Map<?, ?> metadata) {
                    recording.metadata((Map<String, Object>) metadata);
                }
                return;
            }
        }
        byte[] body = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        if (recording.write(tagType, timestamp, body)) {
            in.setHeader(Mp4Constants.FILE_NAME, recording.file().toString());
        } else {
            failed(exchange, recording, true);
        }
    }

    private Mp4Recording recording(Exchange exchange, String id, String application, String streamKey) {
        Mp4Recording recording = recordings.get(id);
        if (recording == null) {
            Path folder = Paths.get(getEndpoint().getDirectory()).resolve(RecordingNames.of(application));
            recording = Mp4Recording.open(application + "/" + streamKey, folder, RecordingNames.of(streamKey),
                    getEndpoint().getFragmentDuration());
            recordings.put(id, recording);
            if (recording.isRecording()) {
                LOG.debug("Recording {} into {}", LogSafe.of(recording.stream()), recording.file());
            } else {
                failed(exchange, recording, true);
            }
        }
        return recording;
    }

    private void end(Exchange exchange, Mp4Recording recording) {
        Message in = exchange.getIn();
        if (!recording.close()) {
            failed(exchange, recording, false);
        } else {
            LOG.debug("Recording {} closed", recording.file());
        }
        if (recording.fileKept()) {
            in.setHeader(Mp4Constants.FILE_NAME, recording.file().toString());
        }
        in.setHeader(Mp4Constants.FRAGMENTS, recording.fragments());
        if (recording.failure() != null) {
            in.setHeader(Mp4Constants.RECORD_ERROR, recording.failure());
        }
    }

    private void failed(Exchange exchange, Mp4Recording recording, boolean live) {
        boolean closePublisher = live && getEndpoint().getOnRecordError() == RecordErrorAction.CLOSE_PUBLISHER;
        LOG.error("Recording of {} into {} failed: {}; {}{}", LogSafe.of(recording.stream()), recording.file(),
                recording.failure(), recording.kept(), !live ? ""
                        : closePublisher ? "; closing the publisher" : "; the stream goes on unrecorded");
        exchange.getIn().setHeader(Mp4Constants.RECORD_ERROR, recording.failure());
        if (closePublisher) {
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH, "Recording failed: " + recording.failure() + ".");
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH_CODE, FlvRecordProducer.RECORD_FAILED);
        }
    }

    @Override
    protected void doStop() throws Exception {
        for (Mp4Recording recording : recordings.values()) {
            boolean wasRecording = recording.isRecording();
            if (!recording.close()) {
                LOG.error("Closing the recording of {} in {} failed: {}; {}", LogSafe.of(recording.stream()),
                        recording.file(), recording.failure(), recording.kept());
            } else if (wasRecording) {
                LOG.info("Recording of {} closed as the route stopped: {}, {}", LogSafe.of(recording.stream()),
                        recording.file(), recording.kept());
            }
        }
        recordings.clear();
        super.doStop();
    }
}
