package dev.camelrtmp.component;

import org.apache.camel.spi.Metadata;

/**
 * The headers the {@code flv:} recorder sets.
 */
public final class FlvConstants {

    @Metadata(description = "The recording the Exchange was written to (on PUBLISH_START and PUBLISH_END events and "
                            + "on every recorded message).",
              javaType = "String")
    public static final String FILE_NAME = "CamelFlvFileName";
    @Metadata(description = "PUBLISH_END only: the number of video tags written to the recording.", javaType = "Long")
    public static final String VIDEO_TAGS = "CamelFlvVideoTags";
    @Metadata(description = "PUBLISH_END only: the number of audio tags written to the recording.", javaType = "Long")
    public static final String AUDIO_TAGS = "CamelFlvAudioTags";
    @Metadata(description = "PUBLISH_END only: the number of script data tags written to the recording.",
              javaType = "Long")
    public static final String DATA_TAGS = "CamelFlvDataTags";

    private FlvConstants() {
    }
}
