package dev.camelrtmp.component;

import org.apache.camel.spi.Metadata;

/**
 * The headers the {@code mp4:} recorder sets.
 */
public final class Mp4Constants {

    @Metadata(description = "The recording the Exchange was written to (on PUBLISH_START and PUBLISH_END events and "
                            + "on every recorded message): a new sequence header that changes the tracks starts the "
                            + "next file.",
              javaType = "String")
    public static final String FILE_NAME = "CamelMp4FileName";
    @Metadata(description = "PUBLISH_END only: the number of fragments (moof + mdat) written for the publish, in all "
                            + "its files.",
              javaType = "Long")
    public static final String FRAGMENTS = "CamelMp4Fragments";
    @Metadata(description = "Set when the recording of the stream failed (a full disk, an I/O error, a name the file "
                            + "system refuses): the cause, e.g. No space left on device. On the Exchange where it "
                            + "failed and on the PUBLISH_END event; the file keeps the whole fragments written "
                            + "before.",
              javaType = "String")
    public static final String RECORD_ERROR = "CamelMp4RecordError";

    private Mp4Constants() {
    }
}
