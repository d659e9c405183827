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

    @Test
    void kafkaRolesComeFromKafkaBootstrapAndRole() {
        assertThat(RecorderMain.KafkaSettings.of(new Env(Map.of()), 1935)).isNull();
        RecorderMain.KafkaSettings ingest = RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP",
                "k1:9092, k2:9092")), 1935);
        assertThat(ingest).isEqualTo(new RecorderMain.KafkaSettings(KafkaRoute.Role.INGEST, "k1:9092,k2:9092",
                "rtmp-frames", 12, 24, "camel-rtmp-ingest"));
        RecorderMain.KafkaSettings record = RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP",
                "127.0.0.1:9092", "ROLE", "Record", "KAFKA_TOPIC", "frames", "KAFKA_PARTITIONS", "3")), 1935);
        assertThat(record.role()).isEqualTo(KafkaRoute.Role.RECORD);
        assertThat(record.topic()).isEqualTo("frames");
        assertThat(record.partitions()).isEqualTo(3);
        assertThat(record.group()).isEqualTo("camel-rtmp-record");
        RecorderMain.KafkaSettings edge1 = RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP",
                "127.0.0.1:9092", "ROLE", "edge")), 1935);
        RecorderMain.KafkaSettings edge2 = RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP",
                "127.0.0.1:9092", "ROLE", "edge")), 1935);
        assertThat(edge1.group()).as("each edge gets every stream").startsWith("camel-rtmp-edge-")
                .isNotEqualTo(edge2.group());
        assertThat(RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP", "127.0.0.1:9092", "ROLE",
                "edge", "KAFKA_GROUP", "edge-a")), 1935).group()).isEqualTo("edge-a");

        assertThatThrownBy(() -> RecorderMain.KafkaSettings.of(new Env(Map.of("ROLE", "record")), 1935))
                .isInstanceOf(Env.Invalid.class)
                .hasMessage("KAFKA_BOOTSTRAP must be set (host:port of a Kafka broker) for ROLE=record");
        assertThatThrownBy(() -> RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP", "k:9092",
                "ROLE", "replay")), 1935))
                .hasMessage("ROLE must be one of ingest, record, edge, got 'replay'");
        for (String bad : new String[] { "k", "k:", ":9092", "k:99999", "k:9092,", "k 1:9092" }) {
            assertThatThrownBy(() -> RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP", bad)), 1935))
                    .as(bad).isInstanceOf(Env.Invalid.class)
                    .hasMessage("KAFKA_BOOTSTRAP must be host:port of a Kafka broker (several separated by commas),"
                            + " got '" + bad + "'");
        }
        assertThatThrownBy(() -> RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP", "k:9092",
                "KAFKA_TOPIC", "a/b")), 1935))
                .hasMessageStartingWith("KAFKA_TOPIC must be a Kafka name");
        assertThatThrownBy(() -> RecorderMain.KafkaSettings.of(new Env(Map.of("KAFKA_BOOTSTRAP", "k:9092",
                "KAFKA_PARTITIONS", "0")), 1935))
                .hasMessage("KAFKA_PARTITIONS must be a number of partitions (1-10000), got '0'");
    }
}
