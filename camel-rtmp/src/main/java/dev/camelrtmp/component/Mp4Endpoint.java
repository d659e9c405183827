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
 * Record the audio and video Exchanges of RTMP streams into fragmented MP4 files (H.264, HEVC, AV1, VP9, AAC, Opus;
 * one video and one audio track): each publish gets its own file {@code directory/application/streamKey.mp4}, named
 * like the {@code flv:} recorder's (never overwriting: {@code streamKey-1.mp4}, ...). The init segment is written
 * first, then each fragment whole, so the file plays while it is written and what a crash leaves keeps every
 * fragment written before. A sequence header that changes the tracks (another resolution or codec) starts the next
 * file. A file is closed at the stream's PUBLISH_END event.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mp4", title = "Fragmented MP4 recorder", syntax = "mp4:directory",
             producerOnly = true, category = { Category.FILE }, headersClass = Mp4Constants.class)
public class Mp4Endpoint extends DefaultEndpoint implements RecordingEndpoint {

    @UriPath(description = "The folder recordings are written under")
    @Metadata(required = true)
    private String directory;
    @UriParam(defaultValue = "1000",
              description = "The media duration in ms after which a fragment is written: at the next video key frame "
                            + "(audio-only streams: at once), or at ten times this without a key frame")
    private long fragmentDuration = 1000;
    @UriParam(defaultValue = "CLOSE_PUBLISHER", enums = "CLOSE_PUBLISHER,CONTINUE_UNRECORDED",
              description = "What happens to a publish whose recording failed (full disk, I/O error, a name the file "
                            + "system refuses; logged once, the file keeps the whole fragments written before): "
                            + "CLOSE_PUBLISHER sends the publisher onStatus error NetStream.Record.Failed and closes "
                            + "its connection; CONTINUE_UNRECORDED lets the stream go on to the rest of the route, "
                            + "unrecorded")
    private RecordErrorAction onRecordError = RecordErrorAction.CLOSE_PUBLISHER;

    public Mp4Endpoint(String uri, Mp4Component component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new Mp4RecordProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The mp4 endpoint records; it cannot be used in from()");
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public long getFragmentDuration() {
        return fragmentDuration;
    }

    public void setFragmentDuration(long fragmentDuration) {
        this.fragmentDuration = fragmentDuration;
    }

    public RecordErrorAction getOnRecordError() {
        return onRecordError;
    }

    public void setOnRecordError(RecordErrorAction onRecordError) {
        this.onRecordError = onRecordError;
    }
}
