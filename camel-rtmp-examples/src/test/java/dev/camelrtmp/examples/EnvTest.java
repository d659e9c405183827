package dev.camelrtmp.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvTest {

    @TempDir
    Path work;

    @Test
    void portsAreNumbersFrom1To65535() {
        assertThat(new Env(Map.of()).port("RTMP_PORT", 1935)).isEqualTo(1935);
        assertThat(new Env(Map.of("RTMP_PORT", " ")).port("RTMP_PORT", 1935)).isEqualTo(1935);
        assertThat(new Env(Map.of("RTMP_PORT", " 1936 ")).port("RTMP_PORT", 1935)).isEqualTo(1936);
        assertThat(new Env(Map.of("RTMP_PORT", "65535")).port("RTMP_PORT", 1935)).isEqualTo(65535);
        for (String bad : new String[] { "abc", "0", "65536", "-1", "19 35", "1e3" }) {
            assertThatThrownBy(() -> new Env(Map.of("RTMP_PORT", bad)).port("RTMP_PORT", 1935))
                    .isInstanceOf(Env.Invalid.class)
                    .hasMessage("RTMP_PORT must be a port number (1-65535), got '" + bad + "'");
        }
    }

    @Test
    void aValueWithControlCharactersStaysOnOneLine() {
        assertThatThrownBy(() -> new Env(Map.of("RTMP_PORT", "19\n35\u0000")).port("RTMP_PORT", 1935))
                .hasMessage("RTMP_PORT must be a port number (1-65535), got '19\\u000a35\\u0000'");
    }

    @Test
    void recordingsFolderIsCreatedAndMustBeAFolder() throws Exception {
        Path dir = work.resolve("a/b");
        assertThat(new Env(Map.of("RECORDINGS_DIR", dir.toString())).writableDirectory("RECORDINGS_DIR", "x"))
                .isEqualTo(dir);
        assertThat(Files.isDirectory(dir)).isTrue();
        Path file = Files.writeString(work.resolve("file"), "x");
        assertThatThrownBy(() -> new Env(Map.of("RECORDINGS_DIR", file.toString()))
                .writableDirectory("RECORDINGS_DIR", "x"))
                .hasMessage("RECORDINGS_DIR must be a folder the process can write to, got '" + file
                        + "': it is not a folder");
        assertThatThrownBy(() -> new Env(Map.of("RECORDINGS_DIR", file.resolve("below").toString()))
                .writableDirectory("RECORDINGS_DIR", "x"))
                .hasMessageStartingWith("RECORDINGS_DIR must be a folder the process can write to, got '"
                        + file.resolve("below") + "': it cannot be created");
    }

    @Test
    void forwardToIsAnRtmpUrlWithHostAndApplication() {
        assertThat(new Env(Map.of()).rtmpUrl("FORWARD_TO")).isNull();
        assertThat(new Env(Map.of("FORWARD_TO", "rtmp://host:1935/live")).rtmpUrl("FORWARD_TO"))
                .isEqualTo("rtmp://host:1935/live");
        assertThat(new Env(Map.of("FORWARD_TO", "rtmps://host/app")).rtmpUrl("FORWARD_TO"))
                .isEqualTo("rtmps://host/app");
        for (String bad : new String[] { "http://host/live", "rtmp://host", "rtmp:///live", "host:1935/live",
                "rtmp://host:1935/" }) {
            assertThatThrownBy(() -> new Env(Map.of("FORWARD_TO", bad)).rtmpUrl("FORWARD_TO"))
                    .as(bad).isInstanceOf(Env.Invalid.class)
                    .hasMessageEndingWith("got '" + bad + "'");
        }
    }
}
