package dev.camelrtmp.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Package the audio and video Exchanges of RTMP streams as live Low-Latency HLS (fMP4/CMAF; H.264, HEVC, AV1, VP9,
 * AAC, Opus) into a folder that any web server or CDN origin can serve: each stream gets
 * {@code directory/application/streamKey/index.m3u8} with its {@code init-<v>.mp4}, {@code seg-<msn>.m4s} and
 * {@code part-<msn>.<i>.m4s} files beside it, cut as the HTTP listener cuts them. Media files are written whole
 * before the playlist names them, the playlist is replaced atomically, files that leave the window are deleted, and
 * at the stream's PUBLISH_END event the playlist ends with {@code EXT-X-ENDLIST}. No blocking playlist reload: that
 * needs the HTTP listener ({@code httpPort}).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "hls", title = "LL-HLS folder writer", syntax = "hls:directory",
             producerOnly = true, category = { Category.FILE }, headersClass = HlsConstants.class)
public class HlsEndpoint extends DefaultEndpoint implements RecordingEndpoint {

    @UriPath(description = "The folder the streams' renditions are written under, one folder per stream: "
                           + "directory/APP/KEY/index.m3u8")
    @Metadata(required = true)
    private String directory;
    @UriParam(defaultValue = "200",
              description = "The duration each part aims at, in milliseconds: a part is at most this long")
    private long partDuration = 200;
    @UriParam(defaultValue = "1000",
              description = "The shortest segment, in milliseconds: a segment ends at the first video key frame past "
                            + "it, so segments last a GOP when the GOP is longer")
    private long segmentDuration = 1000;
    @UriParam(defaultValue = "7",
              description = "How many complete segments each playlist lists (more while fewer would last less than "
                            + "three target durations). Files of segments that left the playlist are deleted once "
                            + "the playlist has moved on by its own length, so the folder stays bounded")
    private int segmentCount = 7;
    @UriParam(defaultValue = "CLOSE_PUBLISHER", enums = "CLOSE_PUBLISHER,CONTINUE_UNRECORDED",
              description = "What happens to a publish whose files could not be written (full disk, I/O error, "
                            + "permission; logged once, the playlist names only whole files written before): "
                            + "CLOSE_PUBLISHER sends the publisher onStatus error NetStream.Record.Failed and closes "
                            + "its connection; CONTINUE_UNRECORDED lets the stream go on to the rest of the route, "
                            + "unwritten")
    private RecordErrorAction onRecordError = RecordErrorAction.CLOSE_PUBLISHER;

    public HlsEndpoint(String uri, HlsComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new HlsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The hls endpoint writes files; it cannot be used in from()");
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public long getPartDuration() {
        return partDuration;
    }

    public void setPartDuration(long partDuration) {
        this.partDuration = partDuration;
    }

    public long getSegmentDuration() {
        return segmentDuration;
    }

    public void setSegmentDuration(long segmentDuration) {
        this.segmentDuration = segmentDuration;
    }

    public int getSegmentCount() {
        return segmentCount;
    }

    public void setSegmentCount(int segmentCount) {
        this.segmentCount = segmentCount;
    }

    public RecordErrorAction getOnRecordError() {
        return onRecordError;
    }

    public void setOnRecordError(RecordErrorAction onRecordError) {
        this.onRecordError = onRecordError;
    }
}
