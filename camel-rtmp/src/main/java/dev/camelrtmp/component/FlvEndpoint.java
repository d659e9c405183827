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
 * Record the audio, video and metadata Exchanges of RTMP streams into FLV files: each publish gets its own file
 * {@code directory/application/streamKey.flv}; a later publish of the same key never overwrites it but gets
 * {@code streamKey-1.flv}, {@code streamKey-2.flv} and so on. Application and key are percent-encoded into safe
 * names. A file is closed at the stream's PUBLISH_END event. A recording that fails (full disk, I/O error) ends
 * there, logged once, its file cut to whole tags; {@code onRecordError} says what happens to the publisher.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "flv", title = "FLV recorder", syntax = "flv:directory",
             producerOnly = true, category = { Category.FILE }, headersClass = FlvConstants.class)
public class FlvEndpoint extends DefaultEndpoint implements RecordingEndpoint {

    @UriPath(description = "The folder recordings are written under")
    @Metadata(required = true)
    private String directory;
    @UriParam(defaultValue = "true",
              description = "Drop the @setDataFrame name from data messages, as an FLV file stores onMetaData itself")
    private boolean stripSetDataFrame = true;
    @UriParam(defaultValue = "CLOSE_PUBLISHER", enums = "CLOSE_PUBLISHER,CONTINUE_UNRECORDED",
              description = "What happens to a publish whose recording failed (full disk, I/O error, a name the file "
                            + "system refuses; logged once, the file keeps the whole tags written before): "
                            + "CLOSE_PUBLISHER sends the publisher onStatus error NetStream.Record.Failed and closes "
                            + "its connection; CONTINUE_UNRECORDED lets the stream go on to the rest of the route, "
                            + "unrecorded")
    private RecordErrorAction onRecordError = RecordErrorAction.CLOSE_PUBLISHER;

    public FlvEndpoint(String uri, FlvComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new FlvRecordProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The flv endpoint records; it cannot be used in from()");
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public boolean isStripSetDataFrame() {
        return stripSetDataFrame;
    }

    public void setStripSetDataFrame(boolean stripSetDataFrame) {
        this.stripSetDataFrame = stripSetDataFrame;
    }

    public RecordErrorAction getOnRecordError() {
        return onRecordError;
    }

    public void setOnRecordError(RecordErrorAction onRecordError) {
        this.onRecordError = onRecordError;
    }
}
