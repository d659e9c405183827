package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's FFmpeg 5.1 publishes an H.264 + AAC clip, at real time and at full speed: the route receives every
 * message bit for bit, and the recording equals the source packet for packet.
 */
class FfmpegPublishTest extends PublishTestSupport {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FfmpegPublishTest.class);

    @Test
    void realTimePublishIsReceivedAndRecordedBitExact() throws Exception {
        publishAndVerify(Clips.h264Aac(6), "re-cam", true);
    }

    @Test
    void fullSpeedPublishIsReceivedAndRecordedBitExact() throws Exception {
        publishAndVerify(Clips.h264Aac(300), "fast-cam", false);
    }

    private void publishAndVerify(Path clip, String key, boolean realTime) throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path ffprobe = Peers.ffprobe();
        Path reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", reference.toString()), null, 120)
                .requireSuccess("ffmpeg remux");

        List<String> cmd = new java.util.ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel",
                "warning"));
        if (realTime) {
            cmd.add("-re");
        }
        cmd.addAll(List.of("-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl(key)));
        long start = System.nanoTime();
        ProcessResult publish = ProcessRunner.run(cmd, null, 120);
        double seconds = (System.nanoTime() - start) / 1e9;
        publish.requireSuccess("ffmpeg publish");
        awaitEnd();

        Map<String, Long> counts = MediaTools.packetCounts(ffprobe, clip, null);
        assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
        assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
        assertMediaEqualsTagsOf(reference);

        Message end = events.get(events.size() - 1);
        assertThat(end.getHeader(RtmpConstants.END_REASON)).isIn("UNPUBLISHED", "CLIENT_CLOSED");
        assertThat(MediaTools.framemd5(ffmpeg, recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(ffmpeg, clip, null));
        double publishSeconds = (endNanos - startNanos) / 1e9;
        double clipSeconds = media().get(media().size() - 1).timestamp() / 1000.0;
        LOG.info("FFmpeg published {} ({} video, {} audio) in {} s (process), {} s from publish start to end: "
                + "{}x real time", clip.getFileName(), counts.get("video"), counts.get("audio"),
                String.format("%.2f", seconds), String.format("%.3f", publishSeconds),
                String.format("%.0f", clipSeconds / publishSeconds));
    }

    @Test
    void publishToAnUnknownApplicationFailsFast() throws Exception {
        ProcessResult r = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-i", Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/nosuchapp/cam"), null, 60);
        assertThat(r.exitCode()).isNotZero();
        assertThat(received).isEmpty();
    }
}
