package dev.camelrtmp.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LlHlsProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LL-HLS packaging of one live path, fed an FFmpeg-made H.264/AAC clip (30 fps, 1 s GOP) message by message:
 * parts within the part target, segments starting on key frames, the end, and sequence headers sent again.
 */
class HlsSinkTest {

    private static final long PART = 200;

    @Test
    void partsStayWithinThePartTargetAndEverySegmentStartsOnAKeyFrame() throws Exception {
        HlsStream stream = new HlsStream("live/cam", PART, 20);
        HlsSink sink = new HlsSink(stream, PART, 1000);
        List<FlvTag> tags = FlvReader.readAll(Clips.h264Aac(4));
        for (FlvTag tag : tags) {
            sink.send(message(tag), null);
        }
        sink.unpublishNotify();
        String text = new String(stream.playlist(), StandardCharsets.US_ASCII);
        LlHlsProbe.Playlist playlist = LlHlsProbe.check(text);
        assertThat(text).endsWith("#EXT-X-ENDLIST\n");
        assertThat(playlist.partTargetMillis()).as("PART-TARGET as configured").isEqualTo(PART);
        assertThat(playlist.segments()).hasSize(4);
        assertThat(playlist.segments()).filteredOn(segment -> !segment.parts().isEmpty()).hasSizeGreaterThan(1);
        for (LlHlsProbe.Segment segment : playlist.segments()) {
            if (segment.parts().isEmpty()) {
                continue; // parts are listed for the last three target durations only
            }
            assertThat(segment.parts().get(0).independent()).as("segment %d starts on a key frame", segment.msn())
                    .isTrue();
            assertThat(segment.parts()).allSatisfy(part -> assertThat(part.durationMillis()).isLessThanOrEqualTo(PART));
            assertThat(segment.discontinuity()).isFalse();
        }
        long video = tags.stream().filter(t -> t.type() == 9 && t.data()[1] == 1).count();
        long audio = tags.stream().filter(t -> t.type() == 8 && t.data()[1] == 1).count();
        assertThat(sink.sent()).as("every coded frame packaged").isEqualTo(video + audio);
    }

    @Test
    void sequenceHeadersSentAgainUnchangedChangeNothingAndAChangedOneStartsANewInit() throws Exception {
        HlsStream stream = new HlsStream("live/cam", PART, 20);
        HlsSink sink = new HlsSink(stream, PART, 1000);
        List<FlvTag> tags = FlvReader.readAll(Clips.h264Aac(4));
        List<FlvTag> headers = new ArrayList<>();
        for (FlvTag tag : tags) {
            if ((tag.type() == 8 || tag.type() == 9) && tag.data().length > 1 && tag.data()[1] == 0) {
                headers.add(tag);
            }
        }
        int keyFrames = 0;
        for (FlvTag tag : tags) {
            boolean keyFrame = tag.type() == 9 && (tag.data()[0] & 0xF0) == 0x10 && tag.data()[1] == 1;
            if (keyFrame && ++keyFrames == 2) {
                for (FlvTag header : headers) { // as encoders that repeat them before key frames do
                    sink.send(message(new FlvTag(header.type(), tag.timestamp(), header.data())), null);
                }
            }
            sink.send(message(tag), null);
        }
        String repeated = new String(stream.playlist(), StandardCharsets.US_ASCII);
        assertThat(repeated).doesNotContain("DISCONTINUITY").contains("init-1.mp4").doesNotContain("init-2.mp4");

        FlvTag video = headers.stream().filter(t -> t.type() == 9).findFirst().orElseThrow();
        byte[] changed = video.data().clone();
        changed[changed.length - 1] ^= 0x01; // another decoder configuration record (a changed PPS byte)
        long end = tags.get(tags.size() - 1).timestamp();
        sink.send(message(new FlvTag(9, end + 33, changed)), null);
        for (FlvTag tag : tags) {
            if (!(tag.data().length > 1 && tag.data()[1] == 0) && tag.type() != 18) {
                sink.send(message(new FlvTag(tag.type(), end + 66 + tag.timestamp(), tag.data())), null);
            }
        }
        String after = new String(stream.playlist(), StandardCharsets.US_ASCII);
        assertThat(after).contains("#EXT-X-DISCONTINUITY", "init-2.mp4");
        LlHlsProbe.check(after);
    }

    private static MediaMessage message(FlvTag tag) {
        MediaMessage.Kind kind = MediaMessage.kindOf(tag.type());
        return new MediaMessage(kind, tag.timestamp(), new RtmpMessage(kind == MediaMessage.Kind.VIDEO ? 6 : 4,
                tag.type(), (int) tag.timestamp(), 1, tag.data()));
    }
}
