package dev.camelrtmp.component;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.FlvWriter;
import dev.camelrtmp.protocol.LogSafe;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each RTMP Exchange as one FLV tag into the recording of its stream, opening the file at the first message
 * (or the PUBLISH_START event) and closing it at the PUBLISH_END event or when the route stops.
 */
public class FlvRecordProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(FlvRecordProducer.class);
    private static final byte[] SET_DATA_FRAME = { 0x02, 0x00, 0x0D, '@', 's', 'e', 't', 'D', 'a', 't', 'a', 'F', 'r',
            'a', 'm', 'e' };

    private final ConcurrentMap<String, Recording> recordings = new ConcurrentHashMap<>();

    public FlvRecordProducer(FlvEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public FlvEndpoint getEndpoint() {
        return (FlvEndpoint) super.getEndpoint();
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
                Recording recording = recordings.computeIfAbsent(id, k -> open(application, streamKey));
                in.setHeader(FlvConstants.FILE_NAME, recording.file.toString());
            } else if (RtmpConstants.PUBLISH_END.equals(event)) {
                Recording recording = recordings.remove(id);
                if (recording != null) {
                    recording.writer.close();
                    in.setHeader(FlvConstants.FILE_NAME, recording.file.toString());
                    in.setHeader(FlvConstants.VIDEO_TAGS, recording.writer.tagCount(FlvTagType.VIDEO));
                    in.setHeader(FlvConstants.AUDIO_TAGS, recording.writer.tagCount(FlvTagType.AUDIO));
                    in.setHeader(FlvConstants.DATA_TAGS, recording.writer.tagCount(FlvTagType.SCRIPT_DATA));
                    LOG.debug("Recording {} closed", recording.file);
                }
            }
            return;
        }
        byte[] body = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        Recording recording = recordings.computeIfAbsent(id, k -> open(application, streamKey));
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
        recording.writer.writeTag(tagType, timestamp & 0xFFFFFFFFL, body, offset, body.length - offset);
        in.setHeader(FlvConstants.FILE_NAME, recording.file.toString());
    }

    private Recording open(String application, String streamKey) {
        Path folder = Paths.get(getEndpoint().getDirectory()).resolve(safe(application));
        try {
            Files.createDirectories(folder);
            String base = safe(streamKey);
            for (int n = 0; ; n++) {
                Path file = folder.resolve(n == 0 ? base + ".flv" : base + "-" + n + ".flv");
                try {
                    FlvWriter writer = new FlvWriter(file);
                    LOG.debug("Recording {}/{} into {}", LogSafe.of(application), LogSafe.of(streamKey), file);
                    return new Recording(file, writer);
                } catch (FileAlreadyExistsException e) {
                    // an earlier recording of this key: never overwritten, try the next name
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("flv: cannot create a recording in " + folder, e);
        }
    }

    /** A file name from an application or stream key: path separators and other unsafe characters replaced. */
    static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._=-]", "_");
        return cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.') ? "_" + cleaned : cleaned;
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
            try {
                recording.writer.close();
            } catch (IOException e) {
                LOG.warn("Closing recording {} failed: {}", recording.file, e.toString());
            }
        }
        recordings.clear();
        super.doStop();
    }

    private record Recording(Path file, FlvWriter writer) {
    }
}
