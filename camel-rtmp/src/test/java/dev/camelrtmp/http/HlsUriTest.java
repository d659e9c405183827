package dev.camelrtmp.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request paths are HLS ones, and the stream name an authorizer sees. */
class HlsUriTest {

    @Test
    void parsesThePlaylistInitSegmentAndPartPaths() {
        assertThat(HlsUri.parse("/live/cam/index.m3u8"))
                .isEqualTo(new HlsUri("live", "cam", HlsUri.Kind.PLAYLIST, -1, -1));
        assertThat(HlsUri.parse("/a/b/cam/init-3.mp4")).isEqualTo(new HlsUri("a/b", "cam", HlsUri.Kind.INIT, 3, -1));
        assertThat(HlsUri.parse("/live/cam/seg-42.m4s"))
                .isEqualTo(new HlsUri("live", "cam", HlsUri.Kind.SEGMENT, 42, -1));
        assertThat(HlsUri.parse("/live/cam/part-42.7.m4s"))
                .isEqualTo(new HlsUri("live", "cam", HlsUri.Kind.PART, 42, 7));
        assertThat(HlsUri.parse("/live/cam/part-42.7.m4s").path()).isEqualTo("live/cam");
    }

    @Test
    void leavesOtherPathsToHttpFlv() {
        assertThat(HlsUri.parse("/live/cam.flv")).isNull();
        assertThat(HlsUri.parse("/live/cam/other.m3u8")).isNull();
        assertThat(HlsUri.parse("/live//index.m3u8")).isNull();
        assertThat(HlsUri.parse("//cam/index.m3u8")).isNull();
        assertThat(HlsUri.parse("/index.m3u8")).isNull();
        assertThat(HlsUri.parse("/live/cam/seg-.m4s")).isNull();
        assertThat(HlsUri.parse("/live/cam/seg-1x.m4s")).isNull();
        assertThat(HlsUri.parse("/live/cam/part-1.m4s")).isNull();
        assertThat(HlsUri.parse("/live/cam/part-1.99999999999.m4s")).isNull();
        assertThat(HlsUri.parse("/live/cam/seg-9999999999999999999.m4s")).isNull();
        assertThat(HlsUri.parse("/live/cam/init-99999999999.mp4")).isNull();
    }

    @Test
    void aVariantPathReadsAsTheVariantOfItsParentPath() {
        HlsUri parsed = HlsUri.parse("/live/cam/v1/index.m3u8");
        assertThat(parsed).isEqualTo(new HlsUri("live/cam", "v1", HlsUri.Kind.PLAYLIST, -1, -1));
        assertThat(parsed.asVariant()).isEqualTo(new HlsUri("live", "cam", HlsUri.Kind.PLAYLIST, -1, -1, 1));
        assertThat(parsed.asVariant().path()).isEqualTo("live/cam");
        HlsUri part = HlsUri.parse("/a/b/cam/v12/part-4.2.m4s");
        assertThat(part.asVariant()).isEqualTo(new HlsUri("a/b", "cam", HlsUri.Kind.PART, 4, 2, 12));
        assertThat(part.asVariant().streamPath()).isEqualTo(part.streamPath()).isEqualTo("a/b/cam/v12");
        assertThat(HlsUri.parse("/live/cam/index.m3u8").asVariant()).as("no key level").isNull();
        assertThat(HlsUri.parse("/live/cam/vx/index.m3u8").asVariant()).isNull();
        assertThat(HlsUri.parse("/live/cam/v/index.m3u8").asVariant()).isNull();
        assertThat(HlsUri.parse("/live/cam/v256/index.m3u8").asVariant()).as("track ids are 0..255").isNull();
    }

    @Test
    void theStreamNameKeepsTheQueryWithoutTheHlsDirectives() {
        assertThat(HlsHandler.streamName("cam", "")).isEqualTo("cam");
        assertThat(HlsHandler.streamName("cam", "token=a&_HLS_msn=3&_HLS_part=1")).isEqualTo("cam?token=a");
        assertThat(HlsHandler.streamName("cam", "_HLS_msn=3")).isEqualTo("cam");
    }
}
