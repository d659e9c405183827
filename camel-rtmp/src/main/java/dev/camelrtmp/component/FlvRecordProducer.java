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
 * Writes each RTMP Exchange as one FLV tag into the recording of its stream, opening the file at the first message
 * (or the PUBLISH_START event) and closing it at the PUBLISH_END event or when the route stops.
 * <p>
 * When a recording fails (its folder, file name, space, any I/O error) it ends there: one ERROR line, the header
 * {@link FlvConstants#RECORD_ERROR}, and with {@link RecordErrorAction#CLOSE_PUBLISHER} the Exchange asks the
 * consumer to close the publisher ({@link RtmpConstants#CLOSE_PUBLISH}). Later messages of that publish are not
 * recorded, without a word.
 */
public class FlvRecordProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(FlvRecordProducer.class);
    private static final byte[] SET_DATA_FRAME = { 0x02, 0x00, 0x0D, '@', 's', 'e', 't', 'D', 'a', 't', 'a', 'F', 'r',
            'a', 'm', 'e' };
    /** The onStatus code a publisher gets when its recording failed. */
    static final String RECORD_FAILED = "NetStream.Record.Failed";

    private final ConcurrentMap<String, Recording> recordings = new ConcurrentHashMap<>();

    public FlvRecordProducer(FlvEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public FlvEndpoint getEndpoint() {
        return (FlvEndpoint) super.getEndpoint();
    }

    /** Checks that the folder can take recordings: created if missing, and a file can be made in it. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Path folder = Paths.get(getEndpoint().getDirectory()).toAbsolutePath();
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".flv-write-check-", ".tmp"));
        } catch (IOException e) {
            throw new IllegalStateException("flv: cannot record into folder " + folder + ": "
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
            throw new IllegalArgumentException("flv: the Exchange lacks the RTMP headers " + RtmpConstants.MESSAGE_TYPE
                    + ", " + RtmpConstants.APPLICATION + " and " + RtmpConstants.STREAM_KEY);
        }
        String id = in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class) + "/"
                + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class) + "/" + application + "/" + streamKey;
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            String event = in.getHeader(RtmpConstants.EVENT, String.class);
            if (RtmpConstants.PUBLISH_START.equals(event)) {
                Recording recording = recording(exchange, id, application, streamKey);
                if (recording.isRecording()) {
                    in.setHeader(FlvConstants.FILE_NAME, recording.file().toString());
                }
            } else if (RtmpConstants.PUBLISH_END.equals(event)) {
                Recording recording = recordings.remove(id);
                if (recording != null) {
                    end(exchange, recording);
                }
            }
            return;
        }
        Recording recording = recording(exchange, id, application, streamKey);
        if (!recording.isRecording()) {
            return; // failed earlier, and said so then
        }
        byte[] body = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        int offset = 0;
        int tagType;
        switch (type) {
            case RtmpConstants.TYPE_AUDIO -> tagType = FlvTagType.AUDIO;
            case RtmpConstants.TYPE_VIDEO -> tagType = FlvTagType.VIDEO;
            default -> {
                tagType = FlvTagType.SCRIPT_DATA;
                Integer typeId = in.getHeader(RtmpConstants.MESSAGE_TYPE_ID, Integer.class);
                if (typeId != null && typeId == 15 && body.length > 0 && body[0] == 0) {
                    offset = 1; // AMF3 data message format byte
                }
                if (getEndpoint().isStripSetDataFrame() && startsWith(body, offset, SET_DATA_FRAME)) {
                    offset += SET_DATA_FRAME.length;
                }
            }
        }
        if (recording.write(tagType, timestamp & 0xFFFFFFFFL, body, offset, body.length - offset)) {
            in.setHeader(FlvConstants.FILE_NAME, recording.file().toString());
        } else {
            failed(exchange, recording, true);
        }
    }

    /** The recording of a publish, opened at its first Exchange (one delivery thread per publish). */
    private Recording recording(Exchange exchange, String id, String application, String streamKey) {
        Recording recording = recordings.get(id);
        if (recording == null) {
            Path folder = Paths.get(getEndpoint().getDirectory()).resolve(RecordingNames.of(application));
            recording = Recording.open(application + "/" + streamKey, folder, RecordingNames.of(streamKey));
            recordings.put(id, recording);
            if (recording.isRecording()) {
                LOG.debug("Recording {} into {}", LogSafe.of(recording.stream()), recording.file());
            } else {
                failed(exchange, recording, true);
            }
        }
        return recording;
    }

    /** Closes a recording at its PUBLISH_END and sets the event's headers. */
    private void end(Exchange exchange, Recording recording) {
        Message in = exchange.getIn();
        if (!recording.close()) {
            failed(exchange, recording, false);
        } else {
            LOG.debug("Recording {} closed", recording.file());
        }
        if (recording.fileKept()) {
            in.setHeader(FlvConstants.FILE_NAME, recording.file().toString());
        }
        in.setHeader(FlvConstants.VIDEO_TAGS, recording.tagCount(FlvTagType.VIDEO));
        in.setHeader(FlvConstants.AUDIO_TAGS, recording.tagCount(FlvTagType.AUDIO));
        in.setHeader(FlvConstants.DATA_TAGS, recording.tagCount(FlvTagType.SCRIPT_DATA));
        if (recording.failure() != null) {
            in.setHeader(FlvConstants.RECORD_ERROR, recording.failure());
        }
    }

    /**
     * Says once that a recording failed; while the stream is live, acts as onRecordError says.
     *
     * @param live whether the publish goes on (false at its end)
     */
    private void failed(Exchange exchange, Recording recording, boolean live) {
        boolean closePublisher = live && getEndpoint().getOnRecordError() == RecordErrorAction.CLOSE_PUBLISHER;
        LOG.error("Recording of {} into {} failed: {}; {}{}", LogSafe.of(recording.stream()), recording.file(),
                recording.failure(), recording.kept(), !live ? ""
                        : closePublisher ? "; closing the publisher" : "; the stream goes on unrecorded");
        exchange.getIn().setHeader(FlvConstants.RECORD_ERROR, recording.failure());
        if (closePublisher) {
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH, "Recording failed: " + recording.failure() + ".");
            exchange.setProperty(RtmpConstants.CLOSE_PUBLISH_CODE, RECORD_FAILED);
        }
    }

    private static boolean startsWith(byte[] body, int offset, byte[] prefix) {
        if (body.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doStop() throws Exception {
        for (Recording recording : recordings.values()) {
            boolean wasRecording = recording.isRecording();
            if (!recording.close()) {
                LOG.error("Closing the recording of {} in {} failed: {}; {}", LogSafe.of(recording.stream()),
                        recording.file(), recording.failure(), recording.kept());
            } else if (wasRecording) {
                // the publish did not end before the route stopped (shutdown): say what is on disk
                LOG.info("Recording of {} closed as the route stopped: {}, {}", LogSafe.of(recording.stream()),
                        recording.file(), recording.kept());
            }
        }
        recordings.clear();
        super.doStop();
    }
}
