package dev.camelrtmp.component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publish whose video sequence header changes (320x240, then 1280x720) is recorded into two files, each with its
 * own init segment and every packet of its part.
 */
class Mp4RecordingTest {

    @TempDir
    Path dir;

    @Test
    void aNewInitSegmentStartsTheNextFile() throws Exception {
        Path small = Clips.h264Aac(4);
        Path large = Clips.h264Aac(4, 1280, 720);
        Mp4Recording recording = Mp4Recording.open("live/cam", dir, "cam", 500);
        assertThat(recording.isRecording()).isTrue();
        long offset = feed(recording, small, 0) + 100;
        Path first = recording.file();
        feed(recording, large, offset);
        Path second = recording.file();
        assertThat(recording.close()).isTrue();
        assertThat(recording.failure()).isNull();
        assertThat(first.getFileName()).hasToString("cam.mp4");
        assertThat(second.getFileName()).hasToString("cam-1.mp4");

        assertThat(MediaTools.streamCodecs(Peers.ffprobe(), second, null)).containsExactly("h264", "aac");
        for (Map.Entry<Path, Path> part : Map.of(first, small, second, large).entrySet()) {
            assertThat(sizesAndHashes(part.getKey())).as(part.getKey().getFileName().toString())
                    .containsExactlyElementsOf(sizesAndHashes(part.getValue()));
        }
        String size = dev.camelrtmp.test.ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error",
                "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0",
                second.toString()), null, 60).requireSuccess("ffprobe").stdout().trim();
        assertThat(size).isEqualTo("1280,720");
        assertThat(recording.fragments()).as("fragments begin at key frames, at least 500 ms apart (GOP: 1 s)")
                .isEqualTo(keyFrames(small) + keyFrames(large));
        assertThat(Files.list(dir)).hasSize(2);
    }

    /** Feeds a clip's tags with their timestamps shifted; returns the last timestamp. */
    private static long feed(Mp4Recording recording, Path clip, long offset) throws Exception {
        long last = 0;
        for (FlvTag tag : FlvReader.readAll(clip)) {
            if (tag.type() == FlvTagType.AUDIO || tag.type() == FlvTagType.VIDEO) {
                assertThat(recording.write(tag.type(), tag.timestamp() + offset, tag.data())).isTrue();
                last = tag.timestamp() + offset;
            }
        }
        return last;
    }

    private static long keyFrames(Path clip) throws Exception {
        return FlvReader.readAll(clip).stream().filter(t -> t.type() == FlvTagType.VIDEO)
                .map(t -> dev.camelrtmp.media.VideoTagHeader.parse(t.data()))
                .filter(dev.camelrtmp.media.VideoTagHeader::codedKeyframe).count();
    }

    /** Stream, size and hash of each packet FFmpeg reads. */
    private static List<String> sizesAndHashes(Path file) throws Exception {
        return MediaTools.framemd5(Peers.ffmpeg(), file, null).stream().map(line -> {
            String[] f = line.split(",");
            return f[0] + " " + f[4] + " " + f[5];
        }).sorted().toList();
    }
}
