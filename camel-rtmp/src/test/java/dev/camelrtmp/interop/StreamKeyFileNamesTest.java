package dev.camelrtmp.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.component.FlvConstants;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FFmpeg publishes keys the file system would mangle or refuse: two Cyrillic keys of four letters (once both
 * {@code ____.flv}) and a key of 300 characters (once "File name too long"). Each is recorded whole into its own
 * file, named by percent-encoding, the long one cut and ended with a hash.
 */
class StreamKeyFileNamesTest extends PublishTestSupport {

    /** Publishes with FFmpeg from a UTF-8 shell script, so that the key's bytes do not depend on the JVM's locale. */
    private void publish(Path clip, String key) throws Exception {
        Path script = work.resolve("publish.sh");
        Files.writeString(script, "exec '" + Peers.ffmpeg() + "' -hide_banner -loglevel error -i '" + clip
                + "' -c copy -f flv '" + rtmpUrl(key) + "'\n", StandardCharsets.UTF_8);
        ProcessRunner.run(List.of("sh", script.toString()), null, 120).requireSuccess("ffmpeg publishing " + key);
    }

    private Message awaitEndOf(String key) {
        Wait.until("the publish of " + key + " ends", Duration.ofSeconds(60), () -> endOf(key) != null);
        return endOf(key);
    }

    private Message endOf(String key) {
        synchronized (events) {
            return events.stream().filter(m -> RtmpConstants.PUBLISH_END.equals(m.getHeader(RtmpConstants.EVENT))
                    && key.equals(m.getHeader(RtmpConstants.STREAM_KEY))).findFirst().orElse(null);
        }
    }

    @Test
    void unicodeAndLongKeysAreRecordedIntoDistinctFiles() throws Exception {
        Path clip = Clips.h264Aac(6);
        List<String> source = MediaTools.framemd5(Peers.ffmpeg(), clip, null);
        String longKey = "k".repeat(300);
        Path live = work.resolve("recordings/live");
        List<String[]> cases = List.of(new String[] { "ключ", "%D0%BA%D0%BB%D1%8E%D1%87.flv" },
                new String[] { "мост", "%D0%BC%D0%BE%D1%81%D1%82.flv" },
                new String[] { longKey, "k".repeat(183) + "+" });
        for (String[] c : cases) {
            publish(clip, c[0]);
            Message end = awaitEndOf(c[0]);
            assertThat(end.getHeader(FlvConstants.RECORD_ERROR)).isNull();
            Path file = Path.of(end.getHeader(FlvConstants.FILE_NAME, String.class));
            assertThat(file.getParent()).isEqualTo(live);
            assertThat(file.getFileName().toString()).startsWith(c[1]).endsWith(".flv");
            assertThat(MediaTools.framemd5(Peers.ffmpeg(), file, null)).as(file.getFileName().toString())
                    .containsExactlyElementsOf(source);
        }
        try (var files = Files.list(live)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).hasSize(3);
            assertThat(names).filteredOn(n -> n.startsWith("kkk")).singleElement().asString()
                    .matches("k{183}\\+[0-9a-f]{16}\\.flv");
        }
    }
}
