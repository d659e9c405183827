package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.NginxRtmp;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FFmpeg publishes into camel-rtmp; a route forwards to nginx-rtmp, which records: nginx's recording equals the
 * source packet for packet, and FFmpeg plays the stream back from nginx.
 */
class ForwardToNginxTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();
    @TempDir
    Path work;
    private NginxRtmp nginx;
    private volatile org.apache.camel.Message endEvent;

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        nginx = NginxRtmp.start(work.resolve("nginx"));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?lifecycleEvents=true").routeId("relay")
                        .to("rtmp://127.0.0.1:" + nginx.port() + "/live?reconnectDelay=100&reconnectMaxDelay=500")
                        .filter(header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END))
                            .process(e -> endEvent = e.getIn().copy());
            }
        };
    }

    @AfterEach
    void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void forwardedStreamIsRecordedBitExactByNginxAndPlaysBack() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(6);
        NotifyBuilder ended = new NotifyBuilder(context)
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        Process publisher = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/fwd"),
                null);
        Path recording = nginx.recording(1, "fwd");
        Wait.until("nginx records the forwarded stream", Duration.ofSeconds(15),
                () -> Files.exists(recording) && recording.toFile().length() > 50_000);

        ProcessResult play = ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error",
                "-i", nginx.url("fwd"), "-t", "2", "-c", "copy", "-f", "null", "-"), null, 60);
        assertThat(play.exitCode()).as("FFmpeg plays back from nginx: " + play.stderr()).isZero();
        assertThat(play.stderr()).isBlank();

        ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
        assertThat(ended.matches(30, TimeUnit.SECONDS)).isTrue();
        List<String> source = MediaTools.framemd5(ffmpeg, clip, null);
        // nginx finishes its recording when the forwarded publish closes
        MediaTools.awaitFramemd5(ffmpeg, recording, null, source, Duration.ofSeconds(20));
    }

    /** The audio and video tags of an FLV file, as far as it is readable (a killed server leaves a torn end). */
    private static List<FlvTag> media(Path file) throws Exception {
        List<FlvTag> tags = new java.util.ArrayList<>();
        try (FlvReader reader = new FlvReader(Files.newInputStream(file))) {
            FlvTag tag;
            while ((tag = reader.next()) != null) {
                if (tag.type() == 8 || tag.type() == 9) {
                    tags.add(tag);
                }
            }
        } catch (dev.camelrtmp.protocol.RtmpProtocolException torn) {
            // the last tag was cut off when nginx stopped
        }
        return tags;
    }

    private static String id(FlvTag tag) {
        return tag.type() + "@" + tag.timestamp() + ":" + MediaTools.sha256(tag.data());
    }

    private static boolean coded(FlvTag tag) {
        // AVC/AAC packet type 0 is a sequence header, AVC 2 the end of sequence
        return tag.data().length > 1 && tag.data()[1] == 1;
    }

    @Test
    void producerReconnectsWhenNginxRestartsAndResumesAtAKeyFrame() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(10);
        NotifyBuilder ended = new NotifyBuilder(context)
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        Process publisher = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/re"),
                null);
        Path first = nginx.recording(1, "re");
        Wait.until("nginx records the first seconds", Duration.ofSeconds(15),
                () -> Files.exists(first) && first.toFile().length() > 250_000);
        nginx.stop();
        nginx.start();
        ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
        assertThat(ended.matches(30, TimeUnit.SECONDS)).isTrue();
        Path second = nginx.recording(2, "re");
        Wait.until("nginx records the resumed stream", Duration.ofSeconds(20), () -> {
            try {
                List<FlvTag> tags = media(second);
                List<FlvTag> source = media(clip);
                return !tags.isEmpty() && id(tags.get(tags.size() - 1)).equals(id(source.get(source.size() - 1)));
            } catch (Exception e) {
                return false;
            }
        });

        assertThat(endEvent.getHeader(RtmpConstants.RECONNECTS, Long.class)).isEqualTo(1L);
        long dropped = endEvent.getHeader(RtmpConstants.DROPPED_FRAMES, Long.class);
        List<String> source = media(clip).stream().map(ForwardToNginxTest::id).toList();
        List<FlvTag> before = media(first);
        List<FlvTag> after = media(second);
        // the resumed recording starts with the sequence headers, then a key frame: it decodes from its start
        List<FlvTag> afterCoded = after.stream().filter(ForwardToNginxTest::coded).toList();
        assertThat(after.size()).isGreaterThan(afterCoded.size());
        assertThat(afterCoded.get(0).type()).isEqualTo(9);
        assertThat(VideoTagHeader.parse(afterCoded.get(0).data()).keyframe()).isTrue();
        ProcessResult decode = ProcessRunner.run(List.of(ffmpeg.toString(), "-v", "error", "-i", second.toString(),
                "-f", "null", "-"), null, 60);
        assertThat(decode.stderr()).as("the resumed recording decodes without errors").isBlank();
        // what nginx got after the restart is exactly the end of the source
        List<String> afterIds = afterCoded.stream().map(ForwardToNginxTest::id).toList();
        int resumeAt = source.indexOf(afterIds.get(0));
        assertThat(source.subList(resumeAt, source.size()).stream().filter(s -> afterIds.contains(s)).toList())
                .containsExactlyElementsOf(afterIds);
        // the frames in between: those nginx never recorded; the producer counted the ones it dropped
        int lastBefore = source.indexOf(id(before.get(before.size() - 1)));
        int gap = resumeAt - lastBefore - 1;
        assertThat(dropped).isPositive().isLessThanOrEqualTo(gap);
        org.slf4j.LoggerFactory.getLogger(ForwardToNginxTest.class).info("Reconnect: {} frames before the stop, "
                + "gap of {} frames ({} counted as dropped by the producer, {} lost in flight), {} after", before.size(),
                gap, dropped, gap - dropped, after.size());
    }
}
