package dev.camelrtmp.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.TagHeader;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.amf.Amf0;
import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live source's GOP cache, fed with what FFmpeg publishes for a real H.264 + AAC clip and what FFmpeg 8.0.1
 * publishes for a multitrack clip (HEVC + AV1 video, Opus + AAC audio).
 */
class LiveSourceTest {

    private static final int FLV_AUDIO = 8;
    private static final int FLV_VIDEO = 9;

    @Test
    void holdsMetadataSequenceHeadersAndTheLatestGroupOfPictures() throws Exception {
        List<MediaMessage> published = published();
        LiveSource source = new LiveSource(600, 8L << 20);
        published.forEach(source::accept);

        int lastKey = -1;
        MediaMessage metadata = null;
        MediaMessage videoConfig = null;
        MediaMessage audioConfig = null;
        for (int i = 0; i < published.size(); i++) {
            byte[] data = published.get(i).payload();
            int type = published.get(i).message().typeId();
            if (type == FLV_VIDEO && data.length > 1 && (data[0] & 0xf0) == 0x10 && data[1] == 1) {
                lastKey = i;
            } else if (type == FLV_VIDEO && data.length > 1 && data[1] == 0) {
                videoConfig = published.get(i);
            } else if (type == FLV_AUDIO && data.length > 1 && data[1] == 0) {
                audioConfig = published.get(i);
            } else if (type != FLV_VIDEO && type != FLV_AUDIO && metadata == null) {
                metadata = published.get(i);
            }
        }
        assertThat(lastKey).as("the clip has key frames").isPositive();
        List<MediaMessage> tail = new ArrayList<>(published.subList(lastKey, published.size()));
        tail.remove(videoConfig);
        tail.remove(audioConfig);
        tail.remove(metadata);

        assertThat(source.metadata()).isSameAs(metadata);
        assertThat(source.metadata().metadata()).containsKey("width");
        assertThat(source.videoSequenceHeader()).isSameAs(videoConfig);
        assertThat(source.audioSequenceHeader()).isSameAs(audioConfig);
        assertThat(source.gop()).as("every message since the latest key frame, in order, shared")
                .containsExactlyElementsOf(tail);
        assertThat(source.gop().get(0).videoHeader().codedKeyframe()).isTrue();
        assertThat(source.gopBytes()).isEqualTo(tail.stream().mapToLong(m -> m.payload().length).sum());
        assertThat(source.gopOverflows()).isZero();

        List<MediaMessage> start = source.startSequence();
        assertThat(start.subList(0, 3)).containsExactly(metadata, videoConfig, audioConfig);
        assertThat(start.subList(3, start.size())).containsExactlyElementsOf(tail);

        source.clear();
        assertThat(source.startSequence()).isEmpty();
    }

    @Test
    void metadataSentWithSetDataFrameReachesPlayersAsPlainOnMetaData() throws Exception {
        MediaMessage metadata = published().stream().filter(m -> m.metadata() != null).findFirst().orElseThrow();
        byte[] prefix = Amf0.encodeAll(MediaMessage.SET_DATA_FRAME);
        byte[] payload = new byte[prefix.length + metadata.payload().length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(metadata.payload(), 0, payload, prefix.length, metadata.payload().length);
        MediaMessage sent = new MediaMessage(MediaMessage.Kind.DATA, 0,
                new RtmpMessage(4, MessageType.DATA_AMF0, 0, 1, payload));
        assertThat(sent.isSetDataFrame()).isTrue();

        LiveSource source = new LiveSource(600, 8L << 20);
        source.accept(sent);
        assertThat(source.metadata().isSetDataFrame()).isFalse();
        assertThat(source.metadata().payload()).isEqualTo(metadata.payload());
    }

    @Test
    void aGroupOutgrowingABoundIsDroppedUntilTheNextKeyFrame() throws Exception {
        List<MediaMessage> published = published();
        // a 1 s GOP at 30 fps with ~47 AAC frames: about 77 messages; 20 frames never hold a whole group
        LiveSource byFrames = new LiveSource(20, 8L << 20);
        LiveSource byBytes = new LiveSource(600, 4096);
        int keyframesSeen = 0;
        for (MediaMessage message : published) {
            byFrames.accept(message);
            byBytes.accept(message);
            assertThat(byFrames.gop()).hasSizeLessThanOrEqualTo(20);
            assertThat(byBytes.gopBytes()).isLessThanOrEqualTo(4096);
            for (LiveSource source : List.of(byFrames, byBytes)) {
                List<MediaMessage> gop = source.gop();
                if (!gop.isEmpty()) {
                    assertThat(gop.get(0).videoHeader().codedKeyframe()).as("the cache starts on a key frame").isTrue();
                }
            }
            if (message.kind() == MediaMessage.Kind.VIDEO && message.videoHeader().codedKeyframe()) {
                keyframesSeen++;
            }
        }
        assertThat(keyframesSeen).isGreaterThan(1);
        assertThat(byFrames.gopOverflows()).as("each group but maybe the last overflows").isGreaterThanOrEqualTo(
                keyframesSeen - 1);
        assertThat(byBytes.gopOverflows()).isPositive();
        assertThat(byFrames.videoSequenceHeader()).as("sequence headers survive an overflow").isNotNull();
        assertThat(byFrames.audioSequenceHeader()).isNotNull();

        LiveSource disabled = new LiveSource(0, 0);
        published.forEach(disabled::accept);
        assertThat(disabled.gop()).isEmpty();
        assertThat(disabled.videoSequenceHeader()).isNotNull();
    }

    @Test
    void theCachesOfAListenerTogetherHoldAtMostHalfItsMemoryBudget() throws Exception {
        List<MediaMessage> published = published();
        long largestGroup = 0;
        LiveSource alone = new LiveSource(600, 8L << 20);
        for (MediaMessage message : published) {
            alone.accept(message);
            largestGroup = Math.max(largestGroup, alone.gopBytes());
        }
        // room for one stream's groups, not for two
        MemoryBudget budget = new MemoryBudget(2 * largestGroup + 1024);
        LiveSource first = new LiveSource(600, 8L << 20, budget);
        LiveSource second = new LiveSource(600, 8L << 20, budget);
        for (MediaMessage message : published) {
            first.accept(message);
            second.accept(message);
            assertThat(budget.cached()).isEqualTo(first.gopBytes() + second.gopBytes())
                    .isLessThanOrEqualTo(budget.limit() / 2);
        }
        assertThat(first.gopOverflows() + second.gopOverflows()).as("groups that found no room").isPositive();
        assertThat(budget.used()).as("caches never count as held for pausing").isZero();

        first.clear();
        second.clear();
        assertThat(budget.cached()).as("a source that ends gives its cache back").isZero();
    }

    @Test
    void keepsTheSequenceHeaderOfEveryTrackOfAMultitrackStream(@TempDir Path dir) throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v80().verified();
        Path flv = dir.resolve("multitrack.flv");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                Clips.multitrack().toString(), "-map", "0", "-c", "copy", "-f", "flv", flv.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux");
        List<MediaMessage> published = messages(FlvReader.readAll(flv));
        Files.delete(flv);

        // what the clip holds: the sequence header of each kind/track, the latest key frame of track 0
        Map<String, MediaMessage> configs = new TreeMap<>();
        int lastKey = -1;
        for (int i = 0; i < published.size(); i++) {
            MediaMessage m = published.get(i);
            TagHeader header = m.kind() == MediaMessage.Kind.VIDEO ? m.videoHeader()
                    : m.kind() == MediaMessage.Kind.AUDIO ? m.audioHeader() : null;
            if (header != null && header.sequenceHeader()) {
                configs.put(m.kind() + "/" + trackOf(header) + "/" + header.fourCc(), m);
            } else if (m.kind() == MediaMessage.Kind.VIDEO && m.videoHeader().codedKeyframe()
                    && trackOf(m.videoHeader()) == 0) {
                lastKey = i;
            }
        }
        assertThat(configs).as("one sequence header per track").containsOnlyKeys("VIDEO/0/hvc1", "VIDEO/1/av01",
                "AUDIO/0/Opus", "AUDIO/1/mp4a");

        LiveSource source = new LiveSource(600, 8L << 20);
        published.forEach(source::accept);
        assertThat(source.sequenceHeaders()).as("every track's sequence header, video first")
                .containsExactlyInAnyOrderElementsOf(configs.values());
        assertThat(source.sequenceHeaders().subList(0, 2)).allMatch(m -> m.kind() == MediaMessage.Kind.VIDEO);

        List<MediaMessage> tail = new ArrayList<>(published.subList(lastKey, published.size()));
        tail.removeAll(configs.values());
        tail.removeIf(m -> m.kind() == MediaMessage.Kind.DATA && m.metadata() != null);
        assertThat(source.gop()).as("the group from track 0's latest key frame, every track's frames in it")
                .containsExactlyElementsOf(tail);
        assertThat(source.gop()).anyMatch(m -> m.kind() == MediaMessage.Kind.VIDEO
                && trackOf(m.videoHeader()) == 1);
        List<MediaMessage> start = source.startSequence();
        assertThat(start.subList(1, 5)).containsExactlyElementsOf(source.sequenceHeaders());
    }

    @Test
    void aTracksNewerSequenceHeaderReplacesItsOlderOneAndAManyTracksHeaderStaysWhileItIsTheLatestForOne() {
        LiveSource source = new LiveSource(600, 8L << 20);
        MediaMessage both = video(manyTracksSequenceStart("av01", 0, 1));
        MediaMessage track1 = video(manyTracksSequenceStart("av01", 1));
        MediaMessage track0 = video(manyTracksSequenceStart("av01", 0));
        MediaMessage legacy = video(new byte[] {0x17, 0, 0, 0, 0, 1, 2, 3});
        source.accept(both);
        assertThat(source.sequenceHeaders()).containsExactly(both);
        source.accept(track1);
        assertThat(source.sequenceHeaders()).as("still the latest for track 0").containsExactly(both, track1);
        source.accept(track0);
        assertThat(source.sequenceHeaders()).containsExactly(track1, track0);
        source.accept(legacy);
        assertThat(source.sequenceHeaders()).as("track 0 changed codec").containsExactly(track1, legacy);
        assertThat(source.videoSequenceHeader()).isSameAs(legacy);
        source.clear();
        assertThat(source.sequenceHeaders()).isEmpty();
    }

    /** An Enhanced RTMP video SequenceStart in a ManyTracks multitrack tag with two bytes of data per track. */
    private static byte[] manyTracksSequenceStart(String fourCc, int... trackIds) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x80 | (1 << 4) | 6); // IsExHeader, key frame, packet type Multitrack
        out.write((1 << 4) | 0); // ManyTracks, SequenceStart
        out.writeBytes(fourCc.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int id : trackIds) {
            out.write(id);
            out.writeBytes(new byte[] {0, 0, 2, (byte) id, 42});
        }
        return out.toByteArray();
    }

    private static MediaMessage video(byte[] payload) {
        return new MediaMessage(MediaMessage.Kind.VIDEO, 0, new RtmpMessage(6, MessageType.VIDEO, 0, 1, payload));
    }

    private static int trackOf(TagHeader header) {
        return header.multitrack() ? header.tracks().get(0).trackId() : 0;
    }

    private static List<MediaMessage> messages(List<FlvTag> tags) {
        List<MediaMessage> messages = new ArrayList<>();
        for (FlvTag tag : tags) {
            MediaMessage.Kind kind = MediaMessage.kindOf(tag.type());
            messages.add(new MediaMessage(kind, tag.timestamp(),
                    new RtmpMessage(kind == MediaMessage.Kind.DATA ? 5 : 6, tag.type(), (int) tag.timestamp(), 1,
                            tag.data())));
        }
        return messages;
    }

    private static List<MediaMessage> published() throws Exception {
        return messages(MediaTools.publishedTags(Clips.h264Aac(3)));
    }
}
