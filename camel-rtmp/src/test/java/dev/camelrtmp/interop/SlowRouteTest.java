package dev.camelrtmp.interop;

import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route far slower than the publisher: FFmpeg sends as fast as it can, the route takes 2 ms per message. The
 * server holds back the connection (TCP backpressure) and the route still gets every message.
 */
class SlowRouteTest extends PublishTestSupport {

    @Override
    protected String consumerOptions() {
        return "&maxQueuedBytes=65536&maxQueuedMessages=32";
    }

    @Override
    protected void slowDown(RouteDefinition route) {
        route.delay(2).syncDelayed();
    }

    @Test
    void slowRouteLosesNothing() throws Exception {
        var clip = Clips.h264Aac(30);
        var reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", reference.toString()), null, 120).requireSuccess("remux");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("slow")), null, 120).requireSuccess("publish");
        awaitEnd();
        Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
        assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
        assertMediaEqualsTagsOf(reference);
        // the server did hold the connection back rather than queue without bound
        assertThat(events.get(events.size() - 1).getHeader(RtmpConstants.READ_PAUSES, Long.class)).isPositive();
    }
}
