package dev.camelrtmp.component;

import java.nio.file.Paths;
import java.util.Map;

import dev.camelrtmp.media.FlvTagType;
import org.apache.camel.Message;

/**
 * Writes the audio and video Exchanges of each RTMP stream into its fragmented MP4 recording ({@link Mp4Recording}),
 * opening it at the first message (or the PUBLISH_START event) and closing it at the PUBLISH_END event or when the
 * route stops. Data messages only pass their decoded onMetaData (picture size) on. Failures are handled as by the
 * {@code flv:} recorder.
 */
public class Mp4RecordProducer extends StreamRecordProducer<Mp4Endpoint, Mp4Recording> {

    public Mp4RecordProducer(Mp4Endpoint endpoint) {
        super(endpoint, "mp4", "record", "unrecorded", Mp4Constants.RECORD_ERROR, false);
    }

    @Override
    protected Mp4Recording open(Publish publish) {
        return Mp4Recording.open(publish.stream(),
                Paths.get(getEndpoint().getDirectory()).resolve(RecordingNames.of(publish.application())),
                RecordingNames.of(publish.key()), getEndpoint().getFragmentDuration());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean write(Message in, Mp4Recording recording, int tagType) throws Exception {
        if (tagType == FlvTagType.SCRIPT_DATA) {
            if (in.getHeader(RtmpConstants.METADATA) instanceof Map<?, ?> metadata) {
                recording.metadata((Map<String, Object>) metadata);
            }
            return true;
        }
        byte[] body = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        if (!recording.write(tagType, timestamp, body)) {
            return false;
        }
        in.setHeader(Mp4Constants.FILE_NAME, recording.file().toString());
        return true;
    }

    @Override
    protected void started(Message in, Mp4Recording recording) {
        if (recording.isRecording()) {
            in.setHeader(Mp4Constants.FILE_NAME, recording.file().toString());
        }
    }

    @Override
    protected void ended(Message in, Mp4Recording recording) {
        if (recording.fileKept()) {
            in.setHeader(Mp4Constants.FILE_NAME, recording.file().toString());
        }
        in.setHeader(Mp4Constants.FRAGMENTS, recording.fragments());
    }
}
