package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.handshake.ClientHandshake;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection time budgets (handshake, setup, idle publisher), the idle take-over and the name rules, on the
 * real pipeline in EmbeddedChannels whose clocks the test drives: exact to the millisecond, and never waiting.
 */
class SessionLimitsTest {

    private final RecordingListener listener = new RecordingListener();
    /** Deliveries and authorizations, run when the test says. */
    private final List<Runnable> deferred = new ArrayList<>();
    private final List<EmbeddedRtmpClient> clients = new ArrayList<>();
    /** The servers' clock, moved on with the channels' clocks (Netty 4.1 has no event loop ticker to drive). */
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();

    @AfterEach
    void close() {
        clients.forEach(EmbeddedRtmpClient::close);
    }

    private static RtmpServerOptions options() {
        return new RtmpServerOptions().readTimeoutMillis(0).handshakeTimeoutMillis(0).setupTimeoutMillis(0)
                .idlePublisherTimeoutMillis(0);
    }

    private RtmpServer server(RtmpServerOptions options, boolean deferDeliveries) {
        RtmpServer server = new RtmpServer(options, deferDeliveries ? deferred::add : Runnable::run);
        server.nanoClock(clock::get);
        server.register(new PublishTarget("live", null, listener));
        return server;
    }

    private EmbeddedRtmpClient client(RtmpServer server) {
        EmbeddedRtmpClient client = new EmbeddedRtmpClient(server);
        client.server.freezeTime();
        clients.add(client);
        return client;
    }

    private void elapse(EmbeddedRtmpClient client, long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        client.server.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        client.server.runPendingTasks();
    }

    private static void drip(EmbeddedRtmpClient client, byte b) {
        client.server.writeInbound(Unpooled.wrappedBuffer(new byte[] { b }));
    }

    private void runDeferred(EmbeddedRtmpClient client) {
        while (!deferred.isEmpty()) {
            deferred.remove(0).run();
            client.server.runPendingTasks();
        }
    }

    private static void publish(EmbeddedRtmpClient client, String key) {
        client.handshake(false);
        client.connect("live");
        client.command("createStream", 2, null);
        client.command(1, "publish", 3, null, key, "live");
    }

    private static String lastStatus(EmbeddedRtmpClient client) {
        List<Command> commands = client.receivedCommands();
        Command last = commands.get(commands.size() - 1);
        return String.valueOf(((Map<?, ?>) last.argument(0)).get("code"));
    }

    private static RtmpMessage audio(int timestamp) {
        return new RtmpMessage(4, MessageType.AUDIO, timestamp, 1, new byte[] { (byte) 0xAF, 1, 5 });
    }

    @Test
    void aDripDoesNotExtendTheHandshakeDeadline() {
        RtmpServer server = server(options().handshakeTimeoutMillis(10_000), false);
        EmbeddedRtmpClient client = client(server);
        byte[] c0c1 = new ClientHandshake(false).c0c1();
        for (int second = 0; second < 9; second++) {
            drip(client, c0c1[second]);
            elapse(client, 1000);
        }
        assertThat(client.server.isOpen()).as("open at 9 s").isTrue();
        drip(client, c0c1[9]);
        elapse(client, 1000);
        assertThat(client.server.isOpen()).as("closed at 10 s").isFalse();
    }

    @Test
    void aDripDoesNotExtendTheSetupDeadline() {
        RtmpServer server = server(options().setupTimeoutMillis(10_000), false);
        EmbeddedRtmpClient client = client(server);
        client.handshake(false);
        byte[] connect = client.encode(new Command("connect", 1, Map.of("app", "live"), List.of())
                .toMessage(MessageType.COMMAND_AMF0, 3, 0));
        for (int second = 0; second < 9; second++) {
            drip(client, connect[second]);
            elapse(client, 1000);
        }
        assertThat(client.server.isOpen()).as("open at 9 s").isTrue();
        elapse(client, 1000);
        assertThat(client.server.isOpen()).as("closed at 10 s").isFalse();
    }

    @Test
    void aPublishStopsTheSetupClockAndItsEndStartsItAgain() {
        RtmpServer server = server(options().setupTimeoutMillis(10_000), false);
        EmbeddedRtmpClient client = client(server);
        publish(client, "cam");
        elapse(client, 60_000);
        assertThat(client.server.isOpen()).as("publishing for a minute").isTrue();
        client.command(0, "deleteStream", 0, null, 1.0);
        elapse(client, 9_999);
        assertThat(client.server.isOpen()).as("9.999 s after the publish ended").isTrue();
        elapse(client, 1);
        assertThat(client.server.isOpen()).as("10 s after the publish ended").isFalse();
        assertThat(listener.events).containsExactly("start live/cam cam", "end live/cam UNPUBLISHED 0v 0a 0d");
    }

    @Test
    void authorizationTimeDoesNotCountForSetup() {
        RtmpServer server = new RtmpServer(options().setupTimeoutMillis(10_000), deferred::add);
        server.nanoClock(clock::get);
        server.register(new PublishTarget("live", null, listener,
                request -> PublishDecision.deny(PublishDecision.UNAUTHORIZED, "No."), DuplicatePublish.REFUSE));
        EmbeddedRtmpClient client = client(server);
        client.handshake(false);
        elapse(client, 4000);
        client.connect("live");
        client.command("createStream", 2, null);
        client.command(1, "publish", 3, null, "cam", "live");
        elapse(client, 60_000);
        assertThat(client.server.isOpen()).as("a minute of authorization").isTrue();
        runDeferred(client);
        assertThat(lastStatus(client)).isEqualTo("NetStream.Publish.Unauthorized");
        // refused: the clock runs on with the 6 s that were left
        elapse(client, 5_999);
        assertThat(client.server.isOpen()).isTrue();
        elapse(client, 1);
        assertThat(client.server.isOpen()).isFalse();
    }

    @Test
    void aDripDuringAPublishEndsItWithTimeout() {
        RtmpServer server = server(options().idlePublisherTimeoutMillis(20_000), false);
        EmbeddedRtmpClient client = client(server);
        publish(client, "cam");
        elapse(client, 5000);
        client.send(audio(0));
        byte[] video = client.encode(new RtmpMessage(6, MessageType.VIDEO, 40, 1, new byte[1000]));
        client.server.writeInbound(Unpooled.wrappedBuffer(video, 0, 12));
        for (int second = 0; second < 19; second++) {
            elapse(client, 1000);
            drip(client, video[12 + second]);
        }
        assertThat(client.server.isOpen()).as("19 s after the last message").isTrue();
        elapse(client, 1000);
        assertThat(client.server.isOpen()).as("20 s after the last message").isFalse();
        assertThat(listener.events).containsExactly("start live/cam cam", "end live/cam TIMEOUT 0v 1a 0d");
    }

    @Test
    void timeTheServerDoesNotReadDoesNotCountAsIdle() {
        RtmpServer server = server(options().idlePublisherTimeoutMillis(20_000).maxQueuedMessages(4), true);
        EmbeddedRtmpClient client = client(server);
        publish(client, "cam");
        for (int i = 0; i < 4; i++) {
            client.send(audio(i * 20));
        }
        assertThat(client.server.config().isAutoRead()).as("reading paused: the listener is behind").isFalse();
        for (int i = 0; i < 5; i++) {
            elapse(client, 10_000); // the idle checks at 20 and 40 s find the connection not read
        }
        assertThat(client.server.isOpen()).as("50 s behind").isTrue();
        runDeferred(client);
        assertThat(client.server.config().isAutoRead()).as("reading again").isTrue();
        elapse(client, 19_999); // the check at 60 s counts from 50 s
        assertThat(client.server.isOpen()).as("19.999 s after reading resumed").isTrue();
        elapse(client, 1);
        runDeferred(client);
        assertThat(client.server.isOpen()).as("20 s after reading resumed").isFalse();
        assertThat(listener.events).containsExactly("start live/cam cam", "end live/cam TIMEOUT 0v 4a 0d");
    }

    @Test
    void anIdlePublisherIsTakenOverAndAHealthyOneIsNot() {
        RtmpServer server = new RtmpServer(options(), Runnable::run);
        server.nanoClock(clock::get);
        server.register(new PublishTarget("live", null, listener, null, DuplicatePublish.REFUSE, 5000));
        EmbeddedRtmpClient first = client(server);
        publish(first, "cam");
        first.send(audio(0));
        EmbeddedRtmpClient second = client(server);
        publish(second, "cam");
        assertThat(lastStatus(second)).as("the first one is healthy").isEqualTo("NetStream.Publish.BadName");
        elapse(first, 6000);
        elapse(second, 6000);
        second.command(1, "publish", 4, null, "cam", "live");
        assertThat(lastStatus(second)).as("the first one has been idle for 6 s").isEqualTo("NetStream.Publish.Start");
        first.server.runPendingTasks();
        assertThat(first.server.isOpen()).isFalse();
        assertThat(listener.events).containsExactly("start live/cam cam", "start live/cam cam",
                "end live/cam TAKEN_OVER 0v 1a 0d");
    }

    @Test
    void namesWithControlCharactersOrTooLongAreRefused() {
        RtmpServer server = server(options().maxNameLength(1024), false);
        for (String app : new String[] { "li\nve", "live\0", "live\u2028", "l".repeat(1025) }) {
            EmbeddedRtmpClient client = client(server);
            client.handshake(false);
            client.connect(app);
            List<Command> replies = client.receivedCommands();
            assertThat(replies).extracting(Command::name).containsExactly("_error");
            assertThat(replies.get(0).argument(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("code", "NetConnection.Connect.Rejected");
            assertThat(client.server.isOpen()).isFalse();
        }
        EmbeddedRtmpClient client = client(server);
        client.handshake(false);
        client.connect("live");
        client.command("createStream", 2, null);
        client.received();
        for (String key : new String[] { "cam\nforged", "cam\0", "cam\u007f", "cam\u0085", "cam\u2029",
                "cam?x=\r", "k".repeat(1025) }) {
            client.command(1, "publish", 3, null, key, "live");
            assertThat(lastStatus(client)).as(key).isEqualTo("NetStream.Publish.BadName");
        }
        assertThat(listener.events).isEmpty();
        String longest = "k".repeat(1024);
        client.command(1, "publish", 3, null, longest + "?token=" + "t".repeat(3000), "live");
        assertThat(lastStatus(client)).as("1,024 characters and a long query").isEqualTo("NetStream.Publish.Start");
        assertThat(listener.events).containsExactly("start live/" + longest + " " + longest + "?token="
                + "t".repeat(3000));
    }
}
