package dev.camelrtmp.interop;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP-FLV reader that never reads, beside an FFmpeg RTMP player, while FFmpeg publishes about 9 MB of 720p: the
 * reader is held to playerMaxQueuedBytes by dropping to key frames and, past playerMaxDroppedFrames, disconnected
 * (PLAY_END TOO_SLOW over HTTP_FLV); the RTMP player and the route get every packet.
 */
class HttpFlvSlowReaderTest extends PublishTestSupport {

    private final int httpPort = AvailablePortFinder.getNextAvailable();

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort + "&playerMaxQueuedBytes=1048576&playerMaxDroppedFrames=50";
    }

    @Test
    void aStalledHttpReaderIsDroppedToKeyFramesAndDisconnectedWithoutHarmingAnRtmpPlayer() throws Exception {
        Path clip = Clips.h264Aac(10, 1280, 720);
        Path out = work.resolve("played.flv");
        try (LogCapture log = LogCapture.start(); Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", httpPort), 10_000);
            OutputStream request = stalled.getOutputStream();
            request.write("GET /live/big.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            request.flush();
            Process player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-i", rtmpUrl("big"), "-c", "copy", "-f", "flv", "-y", out.toString()), null);
            Wait.until("both players wait", Duration.ofSeconds(30),
                    () -> log.lines("INFO", "Play started: live/big").size() == 1
                            && log.lines("INFO", "HTTP-FLV play started: live/big").size() == 1);

            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re",
                    "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("big")), null, 120)
                    .requireSuccess("ffmpeg publish");
            ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
            awaitEnd();

            assertThat(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), out, null)))
                    .as("the RTMP player got every packet")
                    .isEqualTo(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null)));
            Wait.until("both plays ended", Duration.ofSeconds(30), () -> playEnds().size() == 2);
            Message http = playEnds().stream().filter(m -> "HTTP_FLV".equals(m.getHeader(RtmpConstants.PLAY_TRANSPORT)))
                    .findFirst().orElseThrow();
            assertThat(http.getHeader(RtmpConstants.END_REASON)).isEqualTo("TOO_SLOW");
            assertThat(http.getHeader(RtmpConstants.MESSAGES_DROPPED, Long.class)).isGreaterThan(50);
            Message rtmp = playEnds().stream().filter(m -> "RTMP".equals(m.getHeader(RtmpConstants.PLAY_TRANSPORT)))
                    .findFirst().orElseThrow();
            assertThat(rtmp.getHeader(RtmpConstants.MESSAGES_DROPPED, Long.class)).isZero();

            // the server closed the stalled reader: what it had buffered ends in end of stream
            stalled.setSoTimeout(30_000);
            InputStream in = stalled.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // drain
            }
        }
    }

    private List<Message> playEnds() {
        synchronized (events) {
            return events.stream().filter(m -> RtmpConstants.PLAY_END.equals(m.getHeader(RtmpConstants.EVENT)))
                    .toList();
        }
    }
}
