package dev.camelrtmp.component;

import org.apache.camel.Endpoint;

/** What a {@link StreamRecordProducer} reads of its endpoint ({@code flv:}, {@code mp4:}, {@code hls:}). */
interface RecordingEndpoint extends Endpoint {

    /** The folder written under. */
    String getDirectory();

    /** What happens to a publish whose record failed. */
    RecordErrorAction getOnRecordError();
}
