package dev.camelrtmp.http;

import java.util.Set;
import java.util.TreeSet;

import dev.camelrtmp.media.Track;
import dev.camelrtmp.media.VideoCodec;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.server.LiveSink;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.SharedChunks;

/**
 * Learns which video tracks a live path has from the sequence headers of its start sequence: joined to the path and
 * left again at once, it sees what a new player would (metadata, the sequence header of every track, the GOP cache).
 * A tag that is not multitrack is track 0; only codecs that fMP4 packages (AVC, HEVC, AV1, VP9) count.
 * <p>
 * Threading: fed under the live source's monitor while it is joined; read after it left.
 */
final class HlsTrackProbe implements LiveSink {

    private final Set<Integer> videoTracks = new TreeSet<>();

    @Override
    public synchronized void send(MediaMessage message, SharedChunks shared) {
        VideoTagHeader header = message.kind() == MediaMessage.Kind.VIDEO ? message.videoHeader() : null;
        if (header == null || !header.sequenceHeader()) {
            return;
        }
        if (!header.multitrack()) {
            if (packaged(header.codec())) {
                videoTracks.add(0);
            }
            return;
        }
        for (Track track : header.tracks()) {
            if (packaged(VideoCodec.byFourCc(track.fourCc()))) {
                videoTracks.add(track.trackId());
            }
        }
    }

    private static boolean packaged(VideoCodec codec) {
        return codec == VideoCodec.AVC || codec == VideoCodec.HEVC || codec == VideoCodec.AV1
                || codec == VideoCodec.VP9;
    }

    /** The video track ids seen, ascending. */
    synchronized Set<Integer> videoTracks() {
        return new TreeSet<>(videoTracks);
    }

    @Override
    public void publishNotify() {
    }

    @Override
    public void unpublishNotify() {
    }

    @Override
    public long sent() {
        return 0;
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public long bytesSent() {
        return 0;
    }
}
