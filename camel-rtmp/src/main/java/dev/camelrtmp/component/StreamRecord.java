package dev.camelrtmp.component;

import java.nio.file.Path;

/**
 * What a {@link StreamRecordProducer} asks of the record it keeps of one stream: an FLV file ({@link Recording}), a
 * fragmented MP4 file ({@link Mp4Recording}) or an LL-HLS folder ({@link HlsFolder}). A failure ends a record; one
 * thread feeds it at a time while the route's stop may close it.
 */
interface StreamRecord {

    /** The stream, {@code application/key}, for log lines. */
    String stream();

    /** The file written: the recording's file, or the folder's playlist. */
    Path file();

    /** Whether media is still written: neither failed nor closed. */
    boolean isRecording();

    /** Why the record failed, or null. */
    String failure();

    /** What the record keeps, for a log line. */
    String kept();

    /** Writes what waits and ends the record; false when that failed now. */
    boolean close();
}
