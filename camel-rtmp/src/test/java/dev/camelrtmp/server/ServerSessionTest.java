package dev.camelrtmp.server;

import java.util.List;
import java.util.Map;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.amf.Amf0;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's replies and deliveries, driven byte by byte through the real pipeline in an EmbeddedChannel.
 */
class ServerSessionTest {

    private final RtmpServer server = new RtmpServer(new RtmpServerOptions().readTimeoutMillis(0)
            .handshakeTimeoutMillis(0), Runnable::run);
    private final RecordingListener listener = new RecordingListener();
    private EmbeddedRtmpClient client;

    ServerSessionTest() {
        server.register(new PublishTarget("live", null, listener));
        client = new EmbeddedRtmpClient(server);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void connectIsAnsweredAtOnceWithControlMessagesThenResult() {
        client.handshake(false);
        client.connect("live");
        List<RtmpMessage> replies = client.received();
        assertThat(replies).extracting(RtmpMessage::typeId).containsExactly(
                MessageType.WINDOW_ACKNOWLEDGEMENT_SIZE, MessageType.SET_PEER_BANDWIDTH, MessageType.SET_CHUNK_SIZE,
                MessageType.COMMAND_AMF0);
        Command result = Command.decode(replies.get(3), 64);
        assertThat(result.name()).isEqualTo("_result");
        assertThat(result.transactionId()).isEqualTo(1.0);
        // the transaction id travels as an AMF0 number right after the name
        byte[] p = replies.get(3).payload();
        assertThat(p[10]).isEqualTo((byte) 0x00);
        assertThat(result.argument(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("code", "NetConnection.Connect.Success");
    }

    @Test
    void bytesArrivingWithC2AreNotLost() {
        byte[] c2 = client.handshakeBytes(true);
        byte[] connect = client.encode(new Command("connect", 1, Map.of("app", "live"), List.of())
                .toMessage(MessageType.COMMAND_AMF0, 3, 0));
        byte[] both = new byte[c2.length + connect.length];
        System.arraycopy(c2, 0, both, 0, c2.length);
        System.arraycopy(connect, 0, both, c2.length, connect.length);
        client.server.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(both));
        assertThat(client.receivedCommands()).extracting(Command::name).containsExactly("_result");
    }

    @Test
    void everyTrackedCommandIsAnsweredAndUnknownOnesGetError() {
        client.handshake(false);
        client.connect("live");
        client.received();
        client.command("releaseStream", 2, null, "cam");
        client.command("FCPublish", 3, null, "cam");
        client.command("_checkbw", 4, null);
        client.command("getStreamLength", 5, null, "cam");
        client.command("noSuchMethod", 6, null);
        List<Command> replies = client.receivedCommands();
        assertThat(replies).extracting(Command::name)
                .containsExactly("_result", "onFCPublish", "_result", "_result", "_result", "_error");
        assertThat(replies).extracting(Command::transactionId).containsExactly(2.0, 0.0, 3.0, 4.0, 5.0, 6.0);
    }

    @Test
    void publishGetsStreamBeginAndStatusOnItsOwnMessageStream() {
        client.handshake(false);
        client.connect("live");
        client.command("createStream", 2, null);
        List<Command> created = client.receivedCommands();
        double streamId = (Double) created.get(1).argument(0);
        assertThat(streamId).isGreaterThan(0);

        client.command((int) streamId, "publish", 3, null, "cam?token=1", "live");
        List<RtmpMessage> replies = client.received();
        assertThat(replies.get(0).typeId()).isEqualTo(MessageType.USER_CONTROL);
        assertThat(ProtocolControl.userControlEvent(replies.get(0))).isEqualTo(ProtocolControl.EVENT_STREAM_BEGIN);
        assertThat(ProtocolControl.userControlValue(replies.get(0))).isEqualTo((int) streamId);
        RtmpMessage status = replies.get(1);
        assertThat(status.messageStreamId()).isEqualTo((int) streamId);
        assertThat(Command.decode(status, 64).argument(0))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("code", "NetStream.Publish.Start");

        byte[] video = { 0x17, 0x01, 0, 0, 0, 1, 2, 3 };
        client.send(new RtmpMessage(6, MessageType.VIDEO, 40, (int) streamId, video));
        client.send(new RtmpMessage(4, MessageType.DATA_AMF0, 0, (int) streamId,
                Amf0.encodeAll("@setDataFrame", "onMetaData", Map.of("width", 320.0))));
        client.command((int) streamId, "FCUnpublish", 4, null, "cam?token=1");
        client.command(0, "deleteStream", 0, null, streamId);

        assertThat(listener.events).containsExactly("start live/cam cam?token=1", "end live/cam UNPUBLISHED 1v 0a 1d");
        assertThat(listener.messages).hasSize(2);
        assertThat(listener.messages.get(0).payload()).isEqualTo(video);
        assertThat(listener.messages.get(0).timestamp()).isEqualTo(40);
        assertThat(listener.messages.get(0).videoHeader().keyframe()).isTrue();
        assertThat(listener.messages.get(1).metadata()).containsEntry("width", 320.0);
    }

    @Test
    void unknownApplicationIsRejectedAndClosed() {
        client.handshake(false);
        client.connect("other");
        List<Command> replies = client.receivedCommands();
        assertThat(replies).extracting(Command::name).containsExactly("_error");
        assertThat(replies.get(0).argument(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("code", "NetConnection.Connect.Rejected");
        assertThat(client.server.isOpen()).isFalse();
    }

    @Test
    void unknownStreamKeyIsRefusedWithBadName() {
        server.register(new PublishTarget("keyed", "cam1", listener));
        client.handshake(false);
        client.connect("keyed");
        client.command("createStream", 2, null);
        client.received();
        client.command(1, "publish", 3, null, "cam2", "live");
        List<Command> replies = client.receivedCommands();
        assertThat(replies.get(0).argument(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("code", "NetStream.Publish.BadName");
        assertThat(listener.events).isEmpty();
    }

    @Test
    void pingRequestIsAnswered() {
        client.handshake(false);
        client.send(ProtocolControl.pingRequest(1234));
        List<RtmpMessage> replies = client.received();
        assertThat(replies).hasSize(1);
        assertThat(ProtocolControl.userControlEvent(replies.get(0))).isEqualTo(ProtocolControl.EVENT_PING_RESPONSE);
        assertThat(ProtocolControl.userControlValue(replies.get(0))).isEqualTo(1234);
    }

    @Test
    void acknowledgementSentWhenThePeersWindowIsReached() {
        client.handshake(false);
        client.send(ProtocolControl.windowAcknowledgementSize(5000));
        client.connect("live");
        client.received();
        client.command("createStream", 2, null);
        client.command(1, "publish", 3, null, "cam", "live");
        client.received();
        client.send(new RtmpMessage(6, MessageType.VIDEO, 0, 1, new byte[6000]));
        List<RtmpMessage> replies = client.received();
        assertThat(replies).extracting(RtmpMessage::typeId).contains(MessageType.ACKNOWLEDGEMENT);
    }

    @Test
    void closeWithoutUnpublishEndsTheStreamAsClientClosed() {
        client.handshake(false);
        client.connect("live");
        client.command("createStream", 2, null);
        client.command(1, "publish", 3, null, "cam", "live");
        client.send(new RtmpMessage(4, MessageType.AUDIO, 0, 1, new byte[] { (byte) 0xAF, 1, 5 }));
        client.server.close();
        assertThat(listener.events).containsExactly("start live/cam cam", "end live/cam CLIENT_CLOSED 0v 1a 0d");
    }

    @Test
    void malformedChunkClosesTheConnection() {
        client.handshake(false);
        client.server.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] { (byte) 0xC7, 1, 2, 3 }));
        assertThat(client.server.isOpen()).isFalse();
    }

    @Test
    void notRtmpIsRejectedAtTheHandshake() {
        client.server.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n".getBytes()));
        assertThat(client.server.isOpen()).isFalse();
    }

    private void publish(String key) {
        client.handshake(false);
        client.connect("live");
        client.command("createStream", 2, null);
        client.command(1, "publish", 3, null, key, "live");
        client.received();
    }

    @Test
    void amf3CommandIsAnsweredInKind() {
        client.handshake(false);
        client.send(new Command("connect", 1, Map.of("app", "live", "objectEncoding", 3.0), List.of())
                .toMessage(MessageType.COMMAND_AMF3, 3, 0));
        List<RtmpMessage> replies = client.received();
        RtmpMessage result = replies.get(replies.size() - 1);
        assertThat(result.typeId()).isEqualTo(MessageType.COMMAND_AMF3);
        assertThat(result.payload()[0]).as("AMF3 command format byte").isZero();
        assertThat(Command.decode(result, 64).argument(0))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("code", "NetConnection.Connect.Success").containsEntry("objectEncoding", 3.0);
    }

    @Test
    void silentConnectionEndsItsStreamWithTimeout() {
        publish("cam");
        client.server.pipeline().fireUserEventTriggered(
                io.netty.handler.timeout.IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(client.server.isOpen()).isFalse();
        assertThat(listener.events).containsExactly("start live/cam cam", "end live/cam TIMEOUT 0v 0a 0d");
    }

    @Test
    void protocolErrorEndsItsStreamWithError() {
        publish("cam");
        client.send(new RtmpMessage(2, MessageType.SET_CHUNK_SIZE, 0, 0, new byte[] { 0, 0, 0, 0 }));
        assertThat(client.server.isOpen()).isFalse();
        assertThat(listener.events).containsExactly("start live/cam cam", "end live/cam ERROR 0v 0a 0d");
    }

    @Test
    void aggregateMessagesAreSplitIntoTheirMessages() {
        publish("cam");
        byte[] audio = { (byte) 0xAF, 1, 9, 9 };
        byte[] video = { 0x27, 1, 0, 0, 0, 5 };
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Object[] sub : new Object[][] { { 8, 1000, audio }, { 9, 1040, video } }) {
            int type = (Integer) sub[0];
            int ts = (Integer) sub[1];
            byte[] data = (byte[]) sub[2];
            body.writeBytes(new byte[] { (byte) type, 0, 0, (byte) data.length, (byte) (ts >> 16), (byte) (ts >> 8),
                    (byte) ts, 0, 0, 0, 0 });
            body.writeBytes(data);
            body.writeBytes(new byte[] { 0, 0, 0, (byte) (11 + data.length) });
        }
        client.send(new RtmpMessage(4, MessageType.AGGREGATE, 5000, 1, body.toByteArray()));
        assertThat(listener.messages).hasSize(2);
        assertThat(listener.messages.get(0).payload()).isEqualTo(audio);
        assertThat(listener.messages.get(0).timestamp()).isEqualTo(5000);
        assertThat(listener.messages.get(1).payload()).isEqualTo(video);
        assertThat(listener.messages.get(1).timestamp()).isEqualTo(5040);
    }

    @Test
    void secondPublisherOfALiveKeyIsRefused() {
        publish("cam");
        EmbeddedRtmpClient second = new EmbeddedRtmpClient(server);
        try {
            second.handshake(false);
            second.connect("live");
            second.command("createStream", 2, null);
            second.received();
            second.command(1, "publish", 3, null, "cam", "live");
            assertThat(second.receivedCommands().get(0).argument(0))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("code", "NetStream.Publish.BadName");
        } finally {
            second.close();
        }
    }

    @Test
    void timestampsAreExtendedPastThe32BitWrapAndNegativeStartsStayNegative() {
        publish("cam");
        for (int ts : new int[] { -44, -10, 0, 33 }) {
            client.send(new RtmpMessage(6, MessageType.VIDEO, ts, 1, new byte[] { 0x27, 1, 0, 0, 0 }));
        }
        assertThat(listener.messages).extracting(MediaMessage::timestamp).containsExactly(-44L, -10L, 0L, 33L);
        listener.messages.clear();
        EmbeddedRtmpClient other = new EmbeddedRtmpClient(server);
        try {
            other.handshake(false);
            other.connect("live");
            other.command("createStream", 2, null);
            other.command(1, "publish", 3, null, "wrap", "live");
            for (int ts : new int[] { 0xF0000000, 0xFFFFFFF0, 0x10, 0x100 }) {
                other.send(new RtmpMessage(6, MessageType.VIDEO, ts, 1, new byte[] { 0x27, 1, 0, 0, 0 }));
            }
        } finally {
            other.close();
        }
        assertThat(listener.messages).extracting(MediaMessage::timestamp)
                .containsExactly(0xF0000000L, 0xFFFFFFF0L, 0x100000010L, 0x100000100L);
    }

    @Test
    void amf3DataMessageMetadataIsDecoded() {
        publish("cam");
        byte[] amf0 = Amf0.encodeAll("@setDataFrame", "onMetaData", Map.of("framerate", 30.0));
        byte[] amf3Data = new byte[amf0.length + 1];
        System.arraycopy(amf0, 0, amf3Data, 1, amf0.length);
        client.send(new RtmpMessage(4, MessageType.DATA_AMF3, 0, 1, amf3Data));
        assertThat(listener.messages).hasSize(1);
        assertThat(listener.messages.get(0).dataName()).isEqualTo("onMetaData");
        assertThat(listener.messages.get(0).metadata()).containsEntry("framerate", 30.0);
        assertThat(listener.messages.get(0).payload()).isEqualTo(amf3Data);
    }

    @Test
    void legacyConnectGetsNoEnhancedProperties() {
        client.handshake(false);
        client.connect("live");
        Command result = client.receivedCommands().get(0);
        assertThat(result.commandObject()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKeys("fourCcList", "capsEx", "videoFourCcInfoMap");
    }

    @Test
    void enhancedConnectIsAnsweredWithWhatTheServerAccepts() {
        client.handshake(false);
        client.command("connect", 1, Map.of("app", "live", "fourCcList", List.of("hvc1", "av01"),
                "videoFourCcInfoMap", Map.of("hvc1", 7.0), "capsEx", 1.0));
        Command result = client.receivedCommands().get(0);
        assertThat(result.commandObject()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("fourCcList", List.of("hvc1", "av01"))
                .containsEntry("videoFourCcInfoMap", Map.of("*", 4.0))
                .containsEntry("audioFourCcInfoMap", Map.of("*", 4.0))
                .containsEntry("capsEx", 15.0);
    }

    @Test
    void reconnectRequestGoesOnlyToClientsThatAnnouncedIt() {
        PublishTarget target = new PublishTarget("studio", null, listener);
        server.register(target);
        // a legacy client
        client.handshake(false);
        client.connect("studio");
        client.command("createStream", 2, null);
        client.command(1, "publish", 3, null, "legacy", "live");
        client.received();
        EmbeddedRtmpClient capable = new EmbeddedRtmpClient(server);
        try {
            capable.handshake(false);
            capable.command("connect", 1, Map.of("app", "studio", "capsEx", 3.0));
            capable.command("createStream", 2, null);
            capable.command(1, "publish", 3, null, "capable", "live");
            capable.received();
            ServerSession legacySession = client.server.pipeline().get(ServerSession.class);
            ServerSession capableSession = capable.server.pipeline().get(ServerSession.class);
            assertThat(legacySession.supportsReconnectRequest()).isFalse();
            assertThat(capableSession.supportsReconnectRequest()).isTrue();
            capableSession.requestReconnect("rtmp://other.example:1935/studio", "Maintenance.");
            List<RtmpMessage> sent = capable.received();
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).messageStreamId()).isZero();
            Command status = Command.decode(sent.get(0), 64);
            assertThat(status.name()).isEqualTo("onStatus");
            assertThat(status.transactionId()).isZero();
            assertThat(status.commandObject()).isNull();
            assertThat(status.argument(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("level", "status")
                    .containsEntry("code", "NetConnection.Connect.ReconnectRequest")
                    .containsEntry("tcUrl", "rtmp://other.example:1935/studio")
                    .containsEntry("description", "Maintenance.");
            // the message on the wire, byte by byte: AMF0 "onStatus", 0.0, null, {level, code, description, tcUrl}
            byte[] expected = Amf0.encodeAll("onStatus", 0.0, null, new java.util.LinkedHashMap<>(Map.of()));
            assertThat(sent.get(0).payload()).startsWith(java.util.Arrays.copyOf(expected, expected.length - 4));
        } finally {
            capable.close();
        }
    }

    @Test
    void closingAPublishForAnErrorTellsThePublisherThenDropsWhatItSendsUntilItLeaves() {
        publish("cam");
        client.send(new RtmpMessage(4, MessageType.AUDIO, 0, 1, new byte[] { (byte) 0xAF, 1, 5 }));
        ServerSession session = client.server.pipeline().get(ServerSession.class);
        session.closeForError(1, "NetStream.Record.Failed", "Recording failed: No space left on device.");
        client.server.runPendingTasks();
        List<RtmpMessage> sent = client.received();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).messageStreamId()).isEqualTo(1);
        assertThat(Command.decode(sent.get(0), 64).argument(0))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("level", "error").containsEntry("code", "NetStream.Record.Failed")
                .containsEntry("description", "Recording failed: No space left on device.");
        // still read (a close with unread data would reset the connection, status and all), nothing handled
        assertThat(client.server.isOpen()).isTrue();
        assertThat(client.server.config().isAutoRead()).isTrue();
        client.send(new RtmpMessage(4, MessageType.AUDIO, 20, 1, new byte[] { (byte) 0xAF, 1, 6 }));
        client.command(1, "FCUnpublish", 4, null, "cam");
        assertThat(client.received()).isEmpty();
        assertThat(listener.messages).hasSize(1);
        // a publisher that does not leave is closed after a bound
        client.server.advanceTimeBy(5, java.util.concurrent.TimeUnit.SECONDS);
        client.server.runScheduledPendingTasks();
        assertThat(client.server.isOpen()).isFalse();
        assertThat(listener.events).containsExactly("start live/cam cam", "end live/cam ERROR 0v 1a 0d");
        // asked again: nothing more happens
        session.closeForError(1, "NetStream.Record.Failed", "again");
        client.server.runPendingTasks();
        assertThat(listener.events).hasSize(2);
    }
}
