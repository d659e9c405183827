package dev.camelrtmp.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HAProxy (Debian's {@code haproxy}) in TCP mode in front of a listener with {@code proxyProtocol=true}, with
 * the configuration of {@code src/test/resources/haproxy/rtmp-ingest.cfg} (the one the component reference shows):
 * FFmpeg publishes through HAProxy, sending the PROXY header v2 ({@code send-proxy-v2}) or v1 ({@code send-proxy}),
 * and every frame arrives bit-exact, with FFmpeg's own address and port (read from the kernel's socket table) as
 * the client address, not HAProxy's. HAProxy's health checks (LOCAL headers) run meanwhile.
 */
class HaproxyProxyProtocolTest extends PublishTestSupport {

    private final int frontendPort = AvailablePortFinder.getNextAvailable();

    @Override
    protected String consumerOptions() {
        return "&proxyProtocol=true";
    }

    @ParameterizedTest
    @ValueSource(strings = { "send-proxy-v2", "send-proxy" })
    void ffmpegPublishesThroughHaproxyWithItsOwnAddress(String sendProxy) throws Exception {
        Path haproxy = Peers.require("haproxy", "apt-get install haproxy");
        Path ss = Peers.require("ss", "apt-get install iproute2");
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(6);

        String config = Files.readString(Path.of("src/test/resources/haproxy/rtmp-ingest.cfg"),
                StandardCharsets.UTF_8);
        assertThat(config).contains(" send-proxy-v2 ");
        Path cfg = work.resolve("haproxy.cfg");
        Files.writeString(cfg, config.replace(" send-proxy-v2 ", " " + sendProxy + " "));
        Process balancer = ProcessRunner.start(List.of(haproxy.toString(), "-f", cfg.toString(), "-db"),
                Map.of("RTMP_FRONTEND", "127.0.0.1:" + frontendPort, "RTMP_INGEST1", "127.0.0.1:" + port));
        Process publisher = null;
        try {
            Wait.until("HAProxy accepting on " + frontendPort, Duration.ofSeconds(15),
                    () -> Wait.accepts(frontendPort) || !balancer.isAlive());
            assertThat(balancer.isAlive()).as("HAProxy running").isTrue();

            publisher = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-re",
                    "-i", clip.toString(), "-c", "copy", "-f", "flv",
                    "rtmp://127.0.0.1:" + frontendPort + "/live/cam1"), null);
            Process running = publisher;
            Wait.until("FFmpeg is publishing through HAProxy", Duration.ofSeconds(15),
                    () -> startNanos != 0 || !running.isAlive());
            assertThat(startNanos).as("PUBLISH_START").isNotZero();
            // the two TCP connections as the kernel has them: FFmpeg to HAProxy, HAProxy to the listener
            int ffmpegPort = localPort(ss, frontendPort, "ffmpeg");
            int haproxyPort = localPort(ss, port, "haproxy");

            ProcessRunner.await(publisher, 60, List.of("ffmpeg")).requireSuccess("ffmpeg publish");
            awaitEnd();

            Message start = events.stream()
                    .filter(m -> RtmpConstants.PUBLISH_START.equals(m.getHeader(RtmpConstants.EVENT))).findFirst()
                    .orElseThrow();
            assertThat(start.getHeader(RtmpConstants.CLIENT_ADDRESS)).as("the client address (%s)", sendProxy)
                    .isEqualTo("127.0.0.1:" + ffmpegPort)
                    .isNotEqualTo("127.0.0.1:" + haproxyPort);
            assertThat(events.get(events.size() - 1).getHeader(RtmpConstants.END_REASON)).isEqualTo("UNPUBLISHED");
        } finally {
            if (publisher != null && publisher.isAlive()) {
                publisher.destroyForcibly();
            }
            balancer.destroy();
            if (!balancer.waitFor(10, TimeUnit.SECONDS)) {
                balancer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        // every frame, exactly: the route's messages against the clip's tags, the recording's packets against the
        // clip's (counts as ffprobe reads them)
        assertMediaEqualsTagsOf(clip);
        assertThat(MediaTools.packetCounts(Peers.ffprobe(), recording(), null))
                .isEqualTo(MediaTools.packetCounts(Peers.ffprobe(), clip, null));
        assertThat(MediaTools.framemd5(ffmpeg, recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(ffmpeg, clip, null));
    }

    /** The local port of {@code process}'s established connection to 127.0.0.1:{@code remotePort}. */
    private static int localPort(Path ss, int remotePort, String process) throws Exception {
        ProcessResult r = ProcessRunner.run(List.of(ss.toString(), "-tnpH", "state", "established", "dst",
                "127.0.0.1:" + remotePort), null, 30).requireSuccess("ss");
        Pattern line = Pattern.compile("127\\.0\\.0\\.1:(\\d+)\\s+127\\.0\\.0\\.1:" + remotePort + "\\s+.*\"" + process
                + "\"");
        for (String l : r.stdout().split("\n")) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no connection of " + process + " to port " + remotePort + " in:\n" + r.stdout());
    }
}
