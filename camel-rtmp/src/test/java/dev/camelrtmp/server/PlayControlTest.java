package dev.camelrtmp.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Play control through the real pipeline in EmbeddedChannels, a publisher and players on one server: who may play
 * (policy, authorizer), PLAY_START / PLAY_END with the player's counts, pause / seek / receiveAudio / receiveVideo
 * on a live stream, a player that cannot take the stream's Enhanced RTMP codec, and playIdleTimeout.
 */
class PlayControlTest {

    private static final byte[] AVC_CONFIG = { 0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f };
    private static final byte[] AAC_CONFIG = { (byte) 0xAF, 0, 0x12, 0x10 };

    private final List<EmbeddedRtmpClient> clients = new ArrayList<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private RtmpServer server;

    private final StreamListener listener = new StreamListener() {
        @Override
        public void onPublishStart(PublishInfo stream) {
        }

        @Override
        public void onMessage(PublishInfo stream, MediaMessage message) {
        }

        @Override
        public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
        }

        @Override
        public void onPlayStart(PlayInfo play) {
            events.add("play start " + play.path() + " " + play.streamName() + " msid " + play.messageStreamId());
        }

        @Override
        public void onPlayEnd(PlayInfo play, PlayEndReason reason, PlayStats stats) {
            events.add("play end " + play.path() + " " + reason + " sent " + stats.messagesSent() + " dropped "
                    + stats.messagesDropped() + " bytes " + stats.bytesSent());
        }
    };

    private PublishTarget target;

    private void start(RtmpServerOptions options, PlayPolicy policy) {
        // embedded channels run scheduled tasks only when told to: live messages are written at once here (merged
        // writes have PlayerFlusherTest and FfmpegPlayTest)
        server = new RtmpServer(options.readTimeoutMillis(0).handshakeTimeoutMillis(0).playerWriteDelayMillis(0),
                Runnable::run);
        target = new PublishTarget("live", null, listener, null, DuplicatePublish.REFUSE, 0, new TrafficStatistics(),
                policy);
        server.register(target);
    }

    private void start(PlayPolicy policy) {
        start(new RtmpServerOptions(), policy);
    }

    @AfterEach
    void close() {
        clients.forEach(EmbeddedRtmpClient::close);
    }

    private EmbeddedRtmpClient client(Map<String, Object> connect) {
        EmbeddedRtmpClient client = new EmbeddedRtmpClient(server);
        clients.add(client);
        client.handshake(false);
        client.command("connect", 1, connect);
        client.command("createStream", 2, null);
        client.received();
        return client;
    }

    private EmbeddedRtmpClient publisher(String key) {
        EmbeddedRtmpClient publisher = client(Map.of("app", "live"));
        publisher.command(1, "publish", 3, null, key, "live");
        publisher.received();
        return publisher;
    }

    private EmbeddedRtmpClient player(String name, Map<String, Object> connect) {
        EmbeddedRtmpClient player = client(connect);
        player.command(1, "play", 4, null, name);
        return player;
    }

    private static RtmpMessage video(int timestamp, int... payload) {
        return new RtmpMessage(6, MessageType.VIDEO, timestamp, 1, bytes(payload));
    }

    private static RtmpMessage audio(int timestamp, int... payload) {
        return new RtmpMessage(4, MessageType.AUDIO, timestamp, 1, bytes(payload));
    }

    private static RtmpMessage video(int timestamp, byte[] payload) {
        return new RtmpMessage(6, MessageType.VIDEO, timestamp, 1, payload);
    }

    private static RtmpMessage audio(int timestamp, byte[] payload) {
        return new RtmpMessage(4, MessageType.AUDIO, timestamp, 1, payload);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static RtmpMessage keyframe(int timestamp) {
        return video(timestamp, 0x17, 1, 0, 0, 0, timestamp);
    }

    private static RtmpMessage interframe(int timestamp) {
        return video(timestamp, 0x27, 1, 0, 0, 0, timestamp);
    }

    private static RtmpMessage aac(int timestamp) {
        return audio(timestamp, 0xAF, 1, timestamp);
    }

    /** An Enhanced RTMP HEVC message: SequenceStart, or a coded frame (CodedFramesX), key or not. */
    private static RtmpMessage hevc(int timestamp, int packetType, boolean key) {
        byte[] fourCc = "hvc1".getBytes(StandardCharsets.US_ASCII);
        int first = 0x80 | (key ? 0x10 : 0x20) | packetType;
        return video(timestamp, first, fourCc[0], fourCc[1], fourCc[2], fourCc[3], 1, 2, 3);
    }

    /** The audio and video the player got, as "V ts" / "A ts". */
    private static List<String> media(List<RtmpMessage> messages) {
        List<String> media = new ArrayList<>();
        for (RtmpMessage m : messages) {
            if (m.typeId() == MessageType.VIDEO || m.typeId() == MessageType.AUDIO) {
                media.add((m.typeId() == MessageType.VIDEO ? "V " : "A ") + m.timestamp());
            }
        }
        return media;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statuses(List<RtmpMessage> messages) {
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (RtmpMessage m : messages) {
            if (m.typeId() == MessageType.COMMAND_AMF0) {
                Command c = Command.decode(m, 64);
                if (c.name().equals("onStatus") && c.argument(0) instanceof Map<?, ?> info) {
                    statuses.add((Map<String, Object>) info);
                }
            }
        }
        return statuses;
    }

    private static List<Object> codes(List<RtmpMessage> messages) {
        List<Object> codes = new ArrayList<>();
        for (Map<String, Object> status : statuses(messages)) {
            codes.add(status.get("code"));
        }
        return codes;
    }

    @Test
    void playIsRefusedWhenTheTargetDoesNotAllowItAndTheConnectionStaysOpen() {
        start(new PlayPolicy(false, null, true));
        EmbeddedRtmpClient player = player("cam", Map.of("app", "live"));
        List<Map<String, Object>> statuses = statuses(player.received());
        assertThat(statuses).hasSize(1);
        assertThat(statuses.get(0)).containsEntry("level", "error").containsEntry("code", "NetStream.Play.Failed")
                .containsEntry("description", "Playing is not allowed on application 'live'.");
        assertThat(player.server.isOpen()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void theAuthorizerDecidesOnTheKeyAndTheQueryWithoutBlockingTheEventLoop() {
        PlayAuthorizer authorizer = request -> "s3cret".equals(request.queryParameters().get("token"))
                ? PlayDecision.allow() : PlayDecision.deny(null, "Bad token for " + request.streamKey() + ".");
        start(new PlayPolicy(true, authorizer, true));
        EmbeddedRtmpClient refused = player("cam?token=wrong", Map.of("app", "live"));
        refused.server.runPendingTasks();
        assertThat(statuses(refused.received())).singleElement().asInstanceOf(MAP)
                .containsEntry("code", "NetStream.Play.Failed").containsEntry("description", "Bad token for cam.");
        assertThat(refused.server.config().isAutoRead()).as("reading again after the decision").isTrue();

        EmbeddedRtmpClient allowed = player("cam?token=s3cret", Map.of("app", "live"));
        allowed.server.runPendingTasks();
        assertThat(codes(allowed.received())).containsExactly("NetStream.Play.Reset", "NetStream.Play.Start");
        assertThat(events).containsExactly("play start live/cam cam?token=s3cret msid 1");
    }

    @Test
    void playStartAndPlayEndCarryWhatThePlayerWasSent() {
        start(PlayPolicy.OPEN);
        EmbeddedRtmpClient publisher = publisher("cam");
        publisher.send(video(0, AVC_CONFIG));
        publisher.send(audio(0, AAC_CONFIG));
        publisher.send(keyframe(0));
        EmbeddedRtmpClient player = player("cam", Map.of("app", "live"));
        publisher.send(aac(20));
        publisher.send(interframe(40));
        assertThat(media(player.received())).containsExactly("V 0", "A 0", "V 0", "A 20", "V 40");
        player.command(1, "deleteStream", 0, null, 1.0);
        assertThat(events).containsExactly("play start live/cam cam msid 1",
                "play end live/cam STOPPED sent 5 dropped 0 bytes " + (AVC_CONFIG.length + AAC_CONFIG.length + 6 + 3
                        + 6));
    }

    @Test
    void pauseStopsSendingAndUnpauseResumesAtTheNextKeyFrame() {
        start(PlayPolicy.OPEN);
        EmbeddedRtmpClient publisher = publisher("cam");
        publisher.send(video(0, AVC_CONFIG));
        publisher.send(keyframe(0));
        EmbeddedRtmpClient player = player("cam", Map.of("app", "live"));
        player.received();
        player.command(1, "pause", 0, null, true, 0.0);
        assertThat(codes(player.received())).containsExactly("NetStream.Pause.Notify");
        publisher.send(interframe(40));
        publisher.send(aac(50));
        assertThat(media(player.received())).isEmpty();
        player.command(1, "pause", 0, null, false, 40.0);
        assertThat(codes(player.received())).containsExactly("NetStream.Unpause.Notify");
        publisher.send(interframe(80));
        publisher.send(aac(90));
        publisher.send(keyframe(120));
        publisher.send(aac(130));
        assertThat(media(player.received())).containsExactly("V 120", "A 130");
        player.command(1, "seek", 0, null, 0.0);
        List<Map<String, Object>> seek = statuses(player.received());
        assertThat(seek).singleElement().asInstanceOf(MAP).containsEntry("code", "NetStream.Seek.Notify")
                .containsEntry("level", "status");
        publisher.send(interframe(160));
        assertThat(media(player.received())).as("plays on live after a seek").containsExactly("V 160");
        player.command(1, "closeStream", 0, null);
        assertThat(events).last().asString().contains("sent 5 dropped 0"); // 2 before the pause, 3 after
    }

    @Test
    void receiveAudioAndReceiveVideoChooseWhatIsSent() {
        start(PlayPolicy.OPEN);
        EmbeddedRtmpClient publisher = publisher("cam");
        publisher.send(keyframe(0));
        EmbeddedRtmpClient player = player("cam", Map.of("app", "live"));
        player.received();
        player.command(1, "receiveAudio", 0, null, false);
        publisher.send(aac(10));
        publisher.send(interframe(20));
        assertThat(media(player.received())).containsExactly("V 20");
        player.command(1, "receiveAudio", 0, null, true);
        player.command(1, "receiveVideo", 0, null, false);
        publisher.send(aac(30));
        publisher.send(interframe(40));
        player.command(1, "receiveVideo", 0, null, true);
        publisher.send(interframe(60));
        publisher.send(aac(70));
        publisher.send(keyframe(80));
        assertThat(media(player.received())).containsExactly("A 30", "A 70", "V 80");
    }

    @Test
    void aPlayerThatCannotTakeTheCodecGetsOnePlayFailedNamingItInsteadOfFrames() {
        start(new PlayPolicy(true, null, false));
        EmbeddedRtmpClient publisher = publisher("hevc");
        publisher.send(hevc(0, 0, true));
        publisher.send(hevc(0, 3, true));
        EmbeddedRtmpClient legacy = player("hevc", Map.of("app", "live"));
        EmbeddedRtmpClient avcOnly = player("hevc", Map.of("app", "live", "fourCcList", List.of("avc1")));
        EmbeddedRtmpClient capable = player("hevc", Map.of("app", "live", "fourCcList", List.of("hvc1", "av01")));
        publisher.send(hevc(40, 3, false));
        for (EmbeddedRtmpClient refused : List.of(legacy, avcOnly)) {
            List<RtmpMessage> got = refused.received();
            assertThat(media(got)).isEmpty();
            List<Map<String, Object>> errors = statuses(got).stream().filter(s -> "error".equals(s.get("level"))).toList();
            assertThat(errors).singleElement().asInstanceOf(MAP).containsEntry("code", "NetStream.Play.Failed")
                    .extractingByKey("description").asString().contains("HEVC").contains("hvc1");
            assertThat(refused.server.isOpen()).isTrue();
        }
        assertThat(media(capable.received())).containsExactly("V 0", "V 0", "V 40");
    }

    @Test
    void byDefaultAPlayerThatAnnouncedNoCodecsIsSentEnhancedRtmpAsItComes() {
        start(PlayPolicy.OPEN);
        EmbeddedRtmpClient publisher = publisher("hevc");
        publisher.send(hevc(0, 0, true));
        publisher.send(hevc(0, 3, true));
        EmbeddedRtmpClient player = player("hevc", Map.of("app", "live"));
        assertThat(media(player.received())).containsExactly("V 0", "V 0");
    }

    @Test
    void aPlayerWaitingLongerThanPlayIdleTimeoutForAPublisherIsClosed() {
        start(new RtmpServerOptions().playIdleTimeoutMillis(10_000), PlayPolicy.OPEN);
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        server.nanoClock(clock::get);
        EmbeddedRtmpClient player = new EmbeddedRtmpClient(server);
        clients.add(player);
        player.server.freezeTime();
        player.handshake(false);
        player.connect("live");
        player.command("createStream", 2, null);
        player.command(1, "play", 4, null, "later");
        player.received();
        for (int second = 1; second <= 9; second++) {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            player.server.advanceTimeBy(1, TimeUnit.SECONDS);
            player.server.runPendingTasks();
        }
        assertThat(player.server.isOpen()).isTrue();
        for (int second = 10; second <= 12; second++) {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            player.server.advanceTimeBy(1, TimeUnit.SECONDS);
            player.server.runPendingTasks();
        }
        assertThat(statuses(player.received())).singleElement().asInstanceOf(MAP)
                .containsEntry("level", "error").containsEntry("code", "NetStream.Play.StreamNotFound");
        assertThat(player.server.isOpen()).isFalse();
        assertThat(events).containsExactly("play start live/later later msid 1",
                "play end live/later TIMEOUT sent 0 dropped 0 bytes 0");
    }

    @Test
    void playersOfAConsumerThatStopsAreClosedWithServerStopped() {
        start(PlayPolicy.OPEN);
        EmbeddedRtmpClient player = player("cam", Map.of("app", "live"));
        player.received();
        // what RtmpServer.unregister does for each connection of a started listener
        player.server.pipeline().get(ServerSession.class).closeIfPublishingTo(target);
        player.server.runPendingTasks();
        assertThat(player.server.isOpen()).isFalse();
        assertThat(events).containsExactly("play start live/cam cam msid 1",
                "play end live/cam SERVER_STOPPED sent 0 dropped 0 bytes 0");
    }
}
