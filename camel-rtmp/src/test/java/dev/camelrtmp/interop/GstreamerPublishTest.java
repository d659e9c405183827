package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GStreamer publishes with rtmp2sink (its own RTMP client) and with rtmpsink (librtmp, the lineage of OBS's
 * client): the route receives exactly what GStreamer's flvmux wrote to a file beside the stream.
 */
class GstreamerPublishTest extends PublishTestSupport {

    @Test
    void rtmp2sinkPublishIsReceivedBitExact() throws Exception {
        Peers.requireGstElement("rtmp2sink");
        publishAndVerify("rtmp2sink location=" + rtmpUrl("gst2"));
    }

    @Test
    void rtmpsinkPublishIsReceivedBitExact() throws Exception {
        Peers.requireGstElement("rtmpsink");
        publishAndVerify("rtmpsink location=" + rtmpUrl("gst1") + "\\ live=1");
    }

    private void publishAndVerify(String sink) throws Exception {
        Path gst = Peers.gstLaunch();
        for (String element : List.of("flvdemux", "flvmux", "h264parse", "aacparse", "tee", "filesink")) {
            Peers.requireGstElement(element);
        }
        Path clip = Clips.h264Aac(6);
        Path muxed = work.resolve("gst.flv");
        String pipeline = "filesrc location=" + clip + " ! flvdemux name=d "
                + "flvmux name=m streamable=true ! tee name=t "
                + "t. ! queue ! filesink location=" + muxed + " "
                + "t. ! queue ! " + sink + " "
                + "d.video ! queue ! h264parse ! m.video "
                + "d.audio ! queue ! aacparse ! m.audio";
        List<String> cmd = new java.util.ArrayList<>(List.of(gst.toString(), "-q", "-e"));
        cmd.addAll(List.of(pipeline.split(" ")));
        ProcessRunner.run(cmd, null, 120).requireSuccess("gst-launch-1.0 " + pipeline);
        awaitEnd();

        assertMediaEqualsTagsOf(muxed);
        assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(
                MediaTools.packetCounts(Peers.ffprobe(), clip, null).get("video"));
        assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(
                MediaTools.packetCounts(Peers.ffprobe(), clip, null).get("audio"));
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), muxed, null));
    }
}
