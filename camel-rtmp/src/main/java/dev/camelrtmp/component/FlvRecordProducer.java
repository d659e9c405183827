package dev.camelrtmp.component;

import java.nio.file.Paths;

import dev.camelrtmp.media.FlvTagType;
import org.apache.camel.Message;

/**
 * Writes each RTMP Exchange as one FLV tag into the recording of its stream, opening the file at the first message
 * (or the PUBLISH_START event) and closing it at the PUBLISH_END event or when the route stops.
 * <p>
 * When a recording fails (its folder, file name, space, any I/O error) it ends there: one ERROR line, the header
 * {@link FlvConstants#RECORD_ERROR}, and with {@link RecordErrorAction#CLOSE_PUBLISHER} the Exchange asks the
 * consumer to close the publisher ({@link RtmpConstants#CLOSE_PUBLISH}). Later messages of that publish are not
 * recorded, without a word.
 */
public class FlvRecordProducer extends StreamRecordProducer<FlvEndpoint, Recording> {

    private static final byte[] SET_DATA_FRAME = { 0x02, 0x00, 0x0D, '@', 's', 'e', 't', 'D', 'a', 't', 'a', 'F', 'r',
            'a', 'm', 'e' };

    public FlvRecordProducer(FlvEndpoint endpoint) {
        super(endpoint, "flv", "record", "unrecorded", FlvConstants.RECORD_ERROR, false);
    }

    @Override
    protected Recording open(Publish publish) {
        return Recording.open(publish.stream(),
                Paths.get(getEndpoint().getDirectory()).resolve(RecordingNames.of(publish.application())),
                RecordingNames.of(publish.key()));
    }

    @Override
    protected boolean write(Message in, Recording recording, int tagType) throws Exception {
        byte[] body = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        int offset = 0;
        if (tagType == FlvTagType.SCRIPT_DATA) {
            Integer typeId = in.getHeader(RtmpConstants.MESSAGE_TYPE_ID, Integer.class);
            if (typeId != null && typeId == 15 && body.length > 0 && body[0] == 0) {
                offset = 1; // AMF3 data message format byte
            }
            if (getEndpoint().isStripSetDataFrame() && startsWith(body, offset, SET_DATA_FRAME)) {
                offset += SET_DATA_FRAME.length;
            }
        }
        if (!recording.write(tagType, timestamp & 0xFFFFFFFFL, body, offset, body.length - offset)) {
            return false;
        }
        in.setHeader(FlvConstants.FILE_NAME, recording.file().toString());
        return true;
    }

    @Override
    protected void started(Message in, Recording recording) {
        if (recording.isRecording()) {
            in.setHeader(FlvConstants.FILE_NAME, recording.file().toString());
        }
    }

    @Override
    protected void ended(Message in, Recording recording) {
        if (recording.fileKept()) {
            in.setHeader(FlvConstants.FILE_NAME, recording.file().toString());
        }
        in.setHeader(FlvConstants.VIDEO_TAGS, recording.tagCount(FlvTagType.VIDEO));
        in.setHeader(FlvConstants.AUDIO_TAGS, recording.tagCount(FlvTagType.AUDIO));
        in.setHeader(FlvConstants.DATA_TAGS, recording.tagCount(FlvTagType.SCRIPT_DATA));
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
}
