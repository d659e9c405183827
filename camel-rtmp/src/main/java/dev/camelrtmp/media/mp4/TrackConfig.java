package dev.camelrtmp.media.mp4;

import java.util.Arrays;

/**
 * What the init segment says about one track: its sample entry (type, size or audio format, and the codec
 * configuration box inside it), the RFC 6381 codec string, and the media timescale.
 *
 * @param video         whether the track is video
 * @param sampleEntry   the sample entry type: avc1, hvc1, av01, vp09, mp4a, Opus
 * @param configBoxType the configuration box inside the sample entry: avcC, hvcC, av1C, vpcC, esds, dOps
 * @param configBox     that box's payload (for full boxes, version and flags included)
 * @param codecString   the RFC 6381 codec string
 * @param width         the video width, 0 when unknown or audio
 * @param height        the video height, 0 when unknown or audio
 * @param channels      the audio channel count, 0 for video
 * @param sampleRate    the audio sample rate, 0 for video
 * @param timescale     the track's media timescale: 90000 for video, the sample rate for audio
 */
public record TrackConfig(boolean video, String sampleEntry, String configBoxType, byte[] configBox,
        String codecString, int width, int height, int channels, int sampleRate, int timescale) {

    /** Video tracks count in 90 kHz, the MPEG clock HLS and MPEG-TS use; a millisecond is exactly 90 ticks. */
    public static final int VIDEO_TIMESCALE = 90_000;

    /** This configuration with another picture size. */
    public TrackConfig withSize(int w, int h) {
        return new TrackConfig(video, sampleEntry, configBoxType, configBox, codecString, w, h, channels, sampleRate,
                timescale);
    }

    /** Whether both would write the same sample entry. */
    public boolean sameAs(TrackConfig other) {
        return other != null && video == other.video && sampleEntry.equals(other.sampleEntry)
                && configBoxType.equals(other.configBoxType) && Arrays.equals(configBox, other.configBox)
                && codecString.equals(other.codecString) && width == other.width && height == other.height
                && channels == other.channels && sampleRate == other.sampleRate && timescale == other.timescale;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackConfig t && sameAs(t);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(configBox) * 31 + codecString.hashCode();
    }

    @Override
    public String toString() {
        return codecString + (video ? " " + width + "x" + height : " " + sampleRate + " Hz " + channels + " ch");
    }
}
