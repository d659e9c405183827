package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;

import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.amf.Amf0;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The live source's GOP cache, fed with what FFmpeg publishes for a real H.264 + AAC clip. */
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

    private static List<MediaMessage> published() throws Exception {
        List<MediaMessage> messages = new ArrayList<>();
        for (FlvTag tag : MediaTools.publishedTags(Clips.h264Aac(3))) {
            MediaMessage.Kind kind = MediaMessage.kindOf(tag.type());
            messages.add(new MediaMessage(kind, tag.timestamp(),
                    new RtmpMessage(kind == MediaMessage.Kind.DATA ? 5 : 6, tag.type(), (int) tag.timestamp(), 1,
                            tag.data())));
        }
        return messages;
    }
}
