package dev.camelrtmp.interop;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.protocol.handshake.ClientHandshake;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.ProxyHeaders;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code proxyProtocol=true}: FFmpeg publishes through a forwarder that writes a PROXY header (v1, v2; TCP4, TCP6)
 * first, and the listener takes the header's source as the client address: in CamelRtmpClientAddress, the events
 * and the log, and for {@code maxConnectionsPerAddress}. A connection without a header is refused with one WARN
 * line; a LOCAL header (a health check) keeps the connection's own address.
 */
class ProxyProtocolTest extends PublishTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final int httpPort = org.apache.camel.test.AvailablePortFinder.getNextAvailable();

    @Override
    protected String consumerOptions() {
        return "&proxyProtocol=true&maxConnectionsPerAddress=1&handshakeTimeout=3000&httpPort=" + httpPort;
    }

    private InetSocketAddress listener() {
        return ProxyHeaders.address("127.0.0.1", port);
    }

    private Message event(String name) {
        return events.stream().filter(m -> name.equals(m.getHeader(RtmpConstants.EVENT))).findFirst().orElseThrow();
    }

    /** Publishes the clip through a forwarder that writes {@code header}; returns once FFmpeg is publishing. */
    private Process publishThrough(ProxyHeaders.Forwarder forwarder, Path clip, String key) throws Exception {
        Process ffmpeg = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + forwarder.port() + "/live/" + key), null);
        Wait.until("FFmpeg is publishing", BOUND, () -> startNanos != 0 || !ffmpeg.isAlive());
        return ffmpeg;
    }

    @Test
    void v1HeaderNamesTheClientAndMaxConnectionsPerAddressCountsIt() throws Exception {
        Path clip = Clips.h264Aac(6);
        InetSocketAddress client = ProxyHeaders.address("203.0.113.7", 40001);
        try (LogCapture log = new LogCapture();
                ProxyHeaders.Forwarder forwarder = new ProxyHeaders.Forwarder(port,
                        n -> ProxyHeaders.v1(client, listener()))) {
            Process ffmpeg = publishThrough(forwarder, clip, "cam1");

            // the same proxied address again: past maxConnectionsPerAddress=1, although the TCP peers differ
            try (RawRtmp same = new RawRtmp(port)) {
                same.send(ProxyHeaders.v2(ProxyHeaders.address("203.0.113.7", 40002), listener()));
                same.send(new ClientHandshake(false).c0c1());
                assertThat(same.closedWithin(BOUND)).as("a second connection from 203.0.113.7").isTrue();
            }
            // another proxied address, its header split over several writes (reads), is accepted
            try (RawRtmp other = new RawRtmp(port)) {
                byte[] header = ProxyHeaders.v2(ProxyHeaders.address("198.51.100.9", 40003), listener());
                for (int i = 0; i < header.length; i += 5) {
                    other.send(java.util.Arrays.copyOfRange(header, i, Math.min(header.length, i + 5)));
                }
                other.handshake();
                assertThat(other.answersPing(BOUND)).as("a connection from 198.51.100.9").isTrue();
            }
            // no header at all: refused at its first byte, one WARN line naming the TCP peer
            int refusedPort;
            try (RawRtmp direct = new RawRtmp(port)) {
                refusedPort = direct.localPort();
                direct.send(new ClientHandshake(false).c0c1());
                assertThat(direct.closedWithin(BOUND)).as("a connection without a PROXY header").isTrue();
            }
            // a header Netty's decoder refuses: one WARN line with its reason, no stack trace
            int malformedPort;
            try (RawRtmp malformed = new RawRtmp(port)) {
                malformedPort = malformed.localPort();
                malformed.send("PROXY TCP4 203.0.113.300 127.0.0.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(malformed.closedWithin(BOUND)).as("a connection with a malformed header").isTrue();
            }
            ProcessRunner.await(ffmpeg, 60, List.of("ffmpeg")).requireSuccess("ffmpeg publish");
            awaitEnd();

            List<LogCapture.Line> malformedLines = log.lines("WARN", "127.0.0.1:" + malformedPort);
            assertThat(malformedLines).hasSize(1);
            assertThat(malformedLines.get(0).message()).contains("no valid PROXY protocol header (proxyProtocol)");
            assertThat(log.matching(e -> e.getThrown() != null)).as("lines with a stack trace").isEmpty();
            assertThat(event(RtmpConstants.PUBLISH_START).getHeader(RtmpConstants.CLIENT_ADDRESS))
                    .isEqualTo("203.0.113.7:40001");
            assertThat(event(RtmpConstants.PUBLISH_END).getHeader(RtmpConstants.CLIENT_ADDRESS))
                    .isEqualTo("203.0.113.7:40001");
            assertThat(log.lines("INFO", "Publish started: live/cam1 from 203.0.113.7:40001")).hasSize(1);
            assertThat(log.lines("WARN", "Refused connection from 203.0.113.7:40002 (through 127.0.0.1:"))
                    .hasSize(1);
            List<LogCapture.Line> refused = log.lines("WARN", "127.0.0.1:" + refusedPort);
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).message()).contains("no valid PROXY protocol header (proxyProtocol)")
                    .contains("starts with byte 0x03");
        }
        assertMediaEqualsTagsOf(clip);
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
    }

    @Test
    void v2HeaderOverTcp6AndALocalHeaderThatKeepsThePeer() throws Exception {
        Path clip = Clips.h264Aac(4);
        InetSocketAddress client = ProxyHeaders.address("2001:db8::7", 50001);
        InetSocketAddress target = ProxyHeaders.address("2001:db8::1", port);
        try (LogCapture log = new LogCapture();
                ProxyHeaders.Forwarder forwarder = new ProxyHeaders.Forwarder(port,
                        n -> ProxyHeaders.v2(client, target))) {
            Process ffmpeg = publishThrough(forwarder, clip, "cam6");
            // the balancer's health check: LOCAL, the connection keeps its own address (and is counted under it)
            try (RawRtmp check = new RawRtmp(port)) {
                check.send(ProxyHeaders.v2Local());
                check.handshake();
                assertThat(check.answersPing(BOUND)).as("a connection with a LOCAL header").isTrue();
            }
            // the HTTP listener takes the same header: an HTTP-FLV play from the address it names
            try (Socket http = new Socket("127.0.0.1", httpPort)) {
                http.getOutputStream().write(ProxyHeaders.v1(ProxyHeaders.address("192.0.2.44", 45678),
                        ProxyHeaders.address("127.0.0.1", httpPort)));
                http.getOutputStream().write("GET /live/cam6.flv HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                http.setSoTimeout((int) BOUND.toMillis());
                byte[] status = http.getInputStream().readNBytes(12);
                assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                Wait.until("PLAY_START", BOUND, () -> events.stream()
                        .anyMatch(m -> RtmpConstants.PLAY_START.equals(m.getHeader(RtmpConstants.EVENT))));
            }
            // nothing at all: closed at the handshake deadline, saying that no header came
            int silentPort;
            try (RawRtmp silent = new RawRtmp(port)) {
                silentPort = silent.localPort();
                assertThat(silent.closedWithin(BOUND)).as("a connection that sends nothing").isTrue();
            }
            ProcessRunner.await(ffmpeg, 60, List.of("ffmpeg")).requireSuccess("ffmpeg publish");
            awaitEnd();
            assertThat(event(RtmpConstants.PUBLISH_START).getHeader(RtmpConstants.CLIENT_ADDRESS))
                    .isEqualTo("2001:db8:0:0:0:0:0:7:50001");
            assertThat(event(RtmpConstants.PLAY_START).getHeader(RtmpConstants.CLIENT_ADDRESS))
                    .isEqualTo("192.0.2.44:45678");
            List<LogCapture.Line> silentLines = log.lines("WARN", "127.0.0.1:" + silentPort);
            assertThat(silentLines).hasSize(1);
            assertThat(silentLines.get(0).message()).contains("no PROXY protocol header within 3000 ms");
            assertThat(log.lines("WARN", "PROXY")).hasSize(1);
        }
        assertMediaEqualsTagsOf(clip);
    }
}
