package dev.camelrtmp.http;

import java.util.Map;

import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.server.LiveSink;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.SharedChunks;

/**
 * Packages one live path as LL-HLS for the HTTP listener: a {@link LiveSink} of the path that hands every message
 * to an {@link HlsSegmenter}, which cuts the parts and segments of the path's {@link HlsStream}.
 * <p>
 * Threading: called under the monitor of the live source by the publisher's thread, as every {@link LiveSink}; the
 * stream it feeds is read by event loops.
 */
final class HlsSink implements LiveSink {

    private final HlsSegmenter segmenter;

    HlsSink(HlsStream stream, long partMillis, long segmentMillis) {
        this(stream, partMillis, segmentMillis, -1);
    }

    /** @param videoTrackId the video track packaged (Enhanced RTMP multitrack id), or -1 for the lowest */
    HlsSink(HlsStream stream, long partMillis, long segmentMillis, int videoTrackId) {
        this.segmenter = new HlsSegmenter(stream, partMillis, segmentMillis, videoTrackId);
    }

    @Override
    public void send(MediaMessage message, SharedChunks shared) {
        switch (message.kind()) {
            case DATA -> {
                Map<String, Object> metadata = message.metadata();
                if (metadata != null) {
                    segmenter.metadata(metadata);
                }
            }
            case VIDEO -> {
                VideoTagHeader header = message.videoHeader();
                if (header != null) {
                    segmenter.video(message.timestamp(), message.payload(), header);
                }
            }
            case AUDIO -> {
                AudioTagHeader header = message.audioHeader();
                if (header != null) {
                    segmenter.audio(message.timestamp(), message.payload(), header);
                }
            }
            default -> {
            }
        }
    }

    /** A publish starts (again): the segmenter learns the tracks anew; numbers count on. */
    @Override
    public void publishNotify() {
        segmenter.start();
    }

    /** The publish ended: what is held is packaged, the stream's open segment completes. */
    @Override
    public void unpublishNotify() {
        segmenter.end();
    }

    @Override
    public long sent() {
        return segmenter.samples();
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public long bytesSent() {
        return segmenter.bytes();
    }
}
