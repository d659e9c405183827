package dev.camelrtmp.docs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.spi.LogListener;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** README's first route, run as printed against a real FFmpeg publish: it logs every key frame and nothing else. */
class ReadmeExamplesTest {

    @Test
    void firstRouteLogsEachKeyFrameWithItsSize() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        List<String> logged = new CopyOnWriteArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            new DocRuntime().address("0.0.0.0:1935", port).install(context);
            context.getCamelContextExtension().addLogListener(new LogListener() {
                @Override
                public String onLog(org.apache.camel.Exchange exchange, CamelLogger logger, String message) {
                    logged.add(message);
                    return message;
                }
            });
            context.addRoutes(new ReadmeExamples.FirstRoute());
            context.start();
            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                    Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam1"),
                    null, 60).requireSuccess("ffmpeg publish");
            List<FlvTag> keyFrames = MediaTools.publishedTags(Clips.h264Aac(6)).stream()
                    .filter(t -> t.type() == FlvTagType.VIDEO && (t.data()[0] & 0xF0) == 0x10 && t.data()[1] == 1)
                    .toList();
            Wait.until("a line per key frame", Duration.ofSeconds(10), () -> logged.size() >= keyFrames.size());
            assertThat(logged).hasSize(keyFrames.size());
            for (int i = 0; i < keyFrames.size(); i++) {
                assertThat(logged.get(i)).isEqualTo("key frame of cam1 at " + keyFrames.get(i).timestamp() + " ms, "
                        + keyFrames.get(i).data().length + " bytes");
            }
        }
    }
}
