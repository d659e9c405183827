package dev.camelrtmp.component;

import org.apache.camel.spi.Metadata;

/**
 * The headers the {@code hls:} producer sets.
 */
public final class HlsConstants {

    @Metadata(description = "On PUBLISH_START and PUBLISH_END events: the stream's playlist file "
                            + "(directory/application/streamKey/index.m3u8).",
              javaType = "String")
    public static final String PLAYLIST = "CamelHlsPlaylist";
    @Metadata(description = "Set when writing the stream's files failed (a full disk, an I/O error, a name the file "
                            + "system refuses): the cause, e.g. No space left on device. On the Exchange where it "
                            + "failed and on the PUBLISH_END event; the playlist names only whole files written "
                            + "before.",
              javaType = "String")
    public static final String WRITE_ERROR = "CamelHlsWriteError";

    private HlsConstants() {
    }
}
