package dev.camelrtmp.component;

import java.nio.file.Paths;
import java.util.Map;

import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.protocol.LogSafe;
import org.apache.camel.Message;

/**
 * Writes the audio and video Exchanges of each RTMP stream into its LL-HLS folder ({@link HlsFolder}), made at the
 * stream's first message (or PUBLISH_START event) and ended, with {@code EXT-X-ENDLIST}, at its PUBLISH_END event or
 * when the route stops. A stream is its application and key: the newest publish of it (connection and message
 * stream) owns the folder, a new one goes on in the same playlist after a discontinuity, and messages and the end of
 * an earlier publish are then ignored. Data messages only pass their decoded onMetaData on. Failures are handled as
 * by the {@code flv:} and {@code mp4:} recorders.
 */
public class HlsProducer extends StreamRecordProducer<HlsEndpoint, HlsFolder> {

    public HlsProducer(HlsEndpoint endpoint) {
        super(endpoint, "hls", "write", "without HLS files", HlsConstants.WRITE_ERROR, true);
    }

    @Override
    protected HlsFolder open(Publish publish) {
        HlsEndpoint e = getEndpoint();
        return HlsFolder.open(publish.stream(), Paths.get(e.getDirectory())
                .resolve(RecordingNames.of(publish.application())).resolve(RecordingNames.of(publish.key())),
                e.getPartDuration(), e.getSegmentDuration(), e.getSegmentCount());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean write(Message in, HlsFolder folder, int tagType) throws Exception {
        if (tagType == FlvTagType.SCRIPT_DATA) {
            if (in.getHeader(RtmpConstants.METADATA) instanceof Map<?, ?> metadata) {
                folder.metadata((Map<String, Object>) metadata);
            }
            return true;
        }
        byte[] body = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        return folder.media(tagType, timestamp, body);
    }

    /** Another publish goes on in the folder, after a discontinuity. */
    @Override
    protected boolean takenOver(HlsFolder folder) {
        return folder.start();
    }

    @Override
    protected void started(Message in, HlsFolder folder) {
        in.setHeader(HlsConstants.PLAYLIST, folder.file().toString());
    }

    @Override
    protected void ended(Message in, HlsFolder folder) {
        in.setHeader(HlsConstants.PLAYLIST, folder.file().toString());
    }

    @Override
    protected void logOpened(HlsFolder folder) {
        log.debug("HLS of {} into {}", LogSafe.of(folder.stream()), folder.file());
    }

    @Override
    protected void logFailed(HlsFolder folder, String outcome) {
        log.error("HLS of {} into {} failed: {}; {}{}", LogSafe.of(folder.stream()), folder.file().getParent(),
                folder.failure(), folder.kept(), outcome);
    }

    @Override
    protected void logClosed(HlsFolder folder) {
        log.debug("HLS of {} ended: {}", LogSafe.of(folder.stream()), folder.file());
    }

    @Override
    protected void logStopFailed(HlsFolder folder) {
        log.error("Ending the HLS of {} in {} failed: {}; {}", LogSafe.of(folder.stream()),
                folder.file().getParent(), folder.failure(), folder.kept());
    }

    @Override
    protected void logStopped(HlsFolder folder) {
        log.info("HLS of {} ended as the route stopped: {}", LogSafe.of(folder.stream()), folder.file());
    }
}
