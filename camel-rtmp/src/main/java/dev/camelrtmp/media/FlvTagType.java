package dev.camelrtmp.media;

/** FLV tag types, which equal the RTMP message type ids of the same media. */
public final class FlvTagType {

    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT_DATA = 18;

    private FlvTagType() {
    }
}
