package dev.camelrtmp.server;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowSinkPolicyTest {

    private static final long BOUND = 1000;

    private static MediaMessage video(int... payload) {
        return new MediaMessage(MediaMessage.Kind.VIDEO, 0, new RtmpMessage(6, MessageType.VIDEO, 0, 1, bytes(payload)));
    }

    private static MediaMessage audio(int... payload) {
        return new MediaMessage(MediaMessage.Kind.AUDIO, 0, new RtmpMessage(4, MessageType.AUDIO, 0, 1, bytes(payload)));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static final MediaMessage AVC_CONFIG = video(0x17, 0, 0, 0, 1);
    private static final MediaMessage KEYFRAME = video(0x17, 1, 0, 0, 0);
    private static final MediaMessage INTERFRAME = video(0x27, 1, 0, 0, 0);
    private static final MediaMessage AAC_CONFIG = audio(0xAF, 0, 0x12, 0x10);
    private static final MediaMessage AAC = audio(0xAF, 1, 1, 2);

    @Test
    void atTheStartOnlyVideoWaitsForItsFirstKeyFrame() {
        SlowSinkPolicy policy = new SlowSinkPolicy(BOUND);
        assertThat(policy.admit(AVC_CONFIG, 0)).isTrue();
        assertThat(policy.admit(AAC_CONFIG, 0)).isTrue();
        assertThat(policy.admit(AAC, 0)).as("audio before the first key frame").isTrue();
        assertThat(policy.admit(INTERFRAME, 0)).as("video before it").isFalse();
        assertThat(policy.admit(KEYFRAME, 0)).isTrue();
        assertThat(policy.admit(INTERFRAME, 0)).isTrue();
        assertThat(policy.dropped()).isEqualTo(1);
    }

    @Test
    void pastTheBoundAllButConfigurationWaitsForTheNextKeyFrame() {
        SlowSinkPolicy policy = new SlowSinkPolicy(BOUND);
        assertThat(policy.admit(KEYFRAME, 0)).isTrue();
        assertThat(policy.admit(INTERFRAME, BOUND + 1)).as("behind").isFalse();
        assertThat(policy.admit(AVC_CONFIG, BOUND + 1)).as("configuration passes").isTrue();
        assertThat(policy.admit(AVC_CONFIG, 2 * BOUND + 1)).as("up to twice the bound").isFalse();
        assertThat(policy.admit(AAC, 0)).as("caught up, but no key frame yet").isFalse();
        assertThat(policy.admit(INTERFRAME, 0)).isFalse();
        assertThat(policy.admit(KEYFRAME, 0)).isTrue();
        assertThat(policy.admit(AAC, 0)).isTrue();
        assertThat(policy.dropped()).isEqualTo(4);
    }

    @Test
    void aRepublishStartsOverAndAnUnpublishWaitsForAKeyFrame() {
        SlowSinkPolicy policy = new SlowSinkPolicy(BOUND);
        policy.admit(KEYFRAME, 0);
        policy.unpublished();
        assertThat(policy.admit(AAC, 0)).isFalse();
        policy.publishStarted();
        assertThat(policy.admit(AAC, 0)).isTrue();
        assertThat(policy.admit(INTERFRAME, 0)).isFalse();
        assertThat(policy.admit(KEYFRAME, 0)).isTrue();
    }
}
