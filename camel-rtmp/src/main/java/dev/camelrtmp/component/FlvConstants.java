package dev.camelrtmp.component;

import org.apache.camel.spi.Metadata;

/**
 * The headers the {@code flv:} recorder sets.
 */
public final class FlvConstants {

    @Metadata(description = "The recording the Exchange was written to (on PUBLISH_START and PUBLISH_END events and "
                            + "on every recorded message); on PUBLISH_END of a failed recording only if the file "
                            + "kept a tag.",
              javaType = "String")
    public static final String FILE_NAME = "CamelFlvFileName";
    @Metadata(description = "PUBLISH_END only: the number of video tags in the recording.", javaType = "Long")
    public static final String VIDEO_TAGS = "CamelFlvVideoTags";
    @Metadata(description = "PUBLISH_END only: the number of audio tags in the recording.", javaType = "Long")
    public static final String AUDIO_TAGS = "CamelFlvAudioTags";
    @Metadata(description = "PUBLISH_END only: the number of script data tags in the recording.",
              javaType = "Long")
    public static final String DATA_TAGS = "CamelFlvDataTags";

    @Metadata(description = "Set when the recording of the stream failed (a full disk, an I/O error, a name the file "
                            + "system refuses): the cause, e.g. No space left on device. On the Exchange where it "
                            + "failed and on the PUBLISH_END event; the file then keeps the whole tags written before "
                            + "(CamelFlvFileName is absent when none).",
              javaType = "String")
    public static final String RECORD_ERROR = "CamelFlvRecordError";

    private FlvConstants() {
    }
}
