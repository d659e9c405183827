package dev.camelrtmp.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.jsse.SSLContextParameters;

import dev.camelrtmp.server.DuplicatePublish;
import dev.camelrtmp.server.PlayAuthorizer;
import dev.camelrtmp.server.PublishAuthorizer;
import dev.camelrtmp.server.PublishTarget;
import dev.camelrtmp.server.RtmpServerOptions;

/**
 * The options of an {@code rtmp:} endpoint.
 */
@UriParams
public class RtmpConfiguration implements Cloneable {

    /** The label of options that configure the listener, which all consumers on one host and port share. */
    static final String LISTENER = "listener";

    @UriPath(description = "The address to listen on (consumer, e.g. 0.0.0.0), or the server to publish to (producer); "
                           + "a producer with a wildcard host (0.0.0.0, ::) publishes into this JVM's listener on "
                           + "that port (see serve)")
    @Metadata(required = true)
    private String host;
    @UriPath(description = "The TCP port", defaultValue = "1935")
    private int port = 1935;
    @UriPath(description = "The RTMP application, the first path segment of the publish URL; empty (or *) serves "
                           + "every application")
    private String application;
    @UriPath(description = "The one stream key accepted; empty accepts any key of the application")
    private String streamKey;

    @UriParam(label = "consumer", defaultValue = "false",
              description = "Also send lifecycle events (PUBLISH_START, PUBLISH_END with its reason and counts, "
                            + "PUBLISH_REFUSED, PLAY_START, PLAY_END with its reason and counts) as Exchanges with "
                            + "message type EVENT and no body")
    private boolean lifecycleEvents;
    @UriParam(label = "common,advanced,listener", defaultValue = "4096",
              description = "The chunk size to send with: the server's, announced with Set Chunk Size after "
                            + "connect (consumer), or the client's, announced before publishing (producer)")
    private int chunkSize = 4096;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "2500000",
              description = "The acknowledgement window announced to clients, in bytes")
    private int windowAcknowledgementSize = 2_500_000;
    @UriParam(label = "consumer,security,listener", defaultValue = "16777216",
              description = "The largest RTMP message accepted, in bytes; a larger one closes the connection")
    private int maxMessageSize = 16 * 1024 * 1024;
    @UriParam(label = "consumer,security,listener", defaultValue = "64",
              description = "The most chunk streams (and message streams) one connection may use")
    private int maxChunkStreams = 64;
    @UriParam(label = "consumer,security,listener", defaultValue = "8",
              description = "The most message streams (createStream) one connection may open")
    private int maxMessageStreams = 8;
    @UriParam(label = "consumer,security,listener", defaultValue = "65536",
              description = "The largest command message accepted, in bytes")
    private int maxCommandSize = 64 * 1024;
    @UriParam(label = "consumer,security,listener", defaultValue = "10000",
              description = "The most connections the listener holds; 0 for no limit")
    private int maxConnections = 10_000;
    @UriParam(label = "consumer,security,listener", defaultValue = "0",
              description = "The most connections from one client address; 0 for no limit (the default: an encoder "
                            + "farm or a load balancer may put hundreds of publishers behind one address)")
    private int maxConnectionsPerAddress;
    @UriParam(label = "consumer,security,listener", defaultValue = "false",
              description = "Whether every connection to the listener (RTMP, and HTTP with httpPort) starts with a "
                            + "PROXY protocol header, v1 or v2, as an L4 balancer such as HAProxy (send-proxy, "
                            + "send-proxy-v2) sends it: the client address it names is the connection's in limits "
                            + "(maxConnectionsPerAddress counts it once the header is read), authorization, "
                            + "CamelRtmpClientAddress, events and logs; a LOCAL header (health check) keeps the "
                            + "balancer's. A connection without a valid header is closed. Enable it only behind a "
                            + "balancer you control: whoever reaches the port directly can claim any address")
    private boolean proxyProtocol;
    @UriParam(label = "consumer,security",
              description = "Comma-separated stream keys allowed to publish; others are refused with "
                            + "NetStream.Publish.BadName. Empty allows every key")
    private String allowedStreamKeys;
    @UriParam(label = "consumer,security",
              description = "A bean implementing dev.camelrtmp.server.PublishAuthorizer that decides on each publish "
                            + "(from application, key, query parameters, connect parameters and client address)")
    private PublishAuthorizer publishAuthorizer;
    @UriParam(label = "consumer,security",
              description = "An endpoint (e.g. direct:authorize) asked to decide on each publish: it receives the "
                            + "publish's headers (application, stream key and name, CamelRtmpQueryParameters, "
                            + "connect parameters, client address) and allows it when it answers with body true or "
                            + "header CamelRtmpAuthorized=true; CamelRtmpStatusCode and "
                            + "CamelRtmpStatusDescription shape a refusal")
    private String authorizationUri;
    @UriParam(label = "consumer,security", defaultValue = "true",
              description = "Whether players may play the streams published to this consumer, at the URL they are "
                            + "published to; when false a play gets onStatus NetStream.Play.Failed")
    private boolean play = true;
    @UriParam(label = "consumer,security",
              description = "Comma-separated stream keys that may be played; others are refused with "
                            + "NetStream.Play.Failed. Empty allows every key this consumer accepts")
    private String playAllowedStreamKeys;
    @UriParam(label = "consumer,security",
              description = "A bean implementing dev.camelrtmp.server.PlayAuthorizer that decides on each play "
                            + "(from application, key, query parameters, connect parameters and client address)")
    private PlayAuthorizer playAuthorizer;
    @UriParam(label = "consumer,security",
              description = "An endpoint (e.g. direct:authorizePlay) asked to decide on each play: it receives the "
                            + "same headers as authorizationUri and allows the play when it answers with body true or "
                            + "header CamelRtmpAuthorized=true; CamelRtmpStatusCode (default NetStream.Play.Failed) "
                            + "and CamelRtmpStatusDescription shape a refusal")
    private String playAuthorizationUri;
    @UriParam(label = "consumer,advanced", defaultValue = "true",
              description = "Whether a player that announced no Enhanced RTMP codecs in connect (no fourCcList) is "
                            + "sent Enhanced RTMP audio and video (HEVC, AV1, VP9, Opus, multitrack) anyway: FFmpeg 6.1 "
                            + "and later play them without announcing them. When false such a player gets onStatus "
                            + "NetStream.Play.Failed naming the codec instead. A player whose fourCcList lacks the "
                            + "stream's codec always gets that status")
    private boolean playUnannouncedCodecs = true;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "600",
              description = "The most messages a live stream's GOP cache holds for players' fast start (the "
                            + "messages since the latest key frame); a longer group is not cached. 0 disables the cache")
    private int gopCacheMaxFrames = 600;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "8388608",
              description = "The most payload bytes a live stream's GOP cache holds for players' fast start; a larger "
                            + "group is not cached. 0 disables the cache")
    private long gopCacheMaxBytes = 8L * 1024 * 1024;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "4194304",
              description = "Bytes written to one player and not yet sent beyond which the slow-player policy drops "
                            + "messages for it until the next key frame (counted per player); the publisher, the route "
                            + "and other players never wait for a player")
    private int playerMaxQueuedBytes = 4 * 1024 * 1024;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "0",
              description = "How many messages the slow-player policy may drop for one play before the player's "
                            + "connection is closed (PLAY_END reason TOO_SLOW); 0 never closes it")
    private long playerMaxDroppedFrames;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "50",
              description = "Milliseconds a live message may wait to be written to RTMP players together with those "
                            + "that follow it (merged writes): each player then gets one send per window instead of one "
                            + "per message, which lowers the server's CPU with many players (at 200 players it halves "
                            + "the system time) at the cost of up to that much latency, which players do not notice; a "
                            + "player's start (metadata, sequence headers, GOP cache) and control messages are never "
                            + "delayed. 0 writes each message at once. HTTP-FLV and LL-HLS are not affected")
    private long playerWriteDelay = RtmpServerOptions.DEFAULT_PLAYER_WRITE_DELAY_MILLIS;
    @UriParam(label = "consumer,listener", defaultValue = "0",
              description = "Milliseconds a player may wait for its stream to be published (before the first publish "
                            + "or after a publish ended) before it gets onStatus NetStream.Play.StreamNotFound and its "
                            + "connection is closed (PLAY_END reason TIMEOUT); 0 waits as long as the player stays "
                            + "connected, as nginx-rtmp does")
    private long playIdleTimeout;
    @UriParam(label = "consumer,listener", defaultValue = "0",
              description = "The port of an HTTP listener beside the RTMP one, on the same host, that serves every "
                            + "stream that can be played over RTMP as HTTP-FLV at http://host:httpPort/APP/KEY.flv "
                            + "(same play policy and authorizer; the request's query string is the stream name's "
                            + "query); 0 serves no HTTP. An own port: it cannot share the port of another HTTP server")
    private int httpPort;
    @UriParam(label = "consumer,listener,security", defaultValue = "*",
              description = "The Access-Control-Allow-Origin the HTTP listener answers with (and its CORS preflight), "
                            + "so that browser players on other origins may read the streams: * for any origin, one "
                            + "origin such as https://example.com, or empty for no CORS headers (same-origin pages "
                            + "only). It does not decide who may play: the play policy and authorizer do")
    private String httpAllowOrigin = "*";
    @UriParam(label = "consumer,listener", defaultValue = "7",
              description = "How many complete segments each Low-Latency HLS playlist of the HTTP listener "
                            + "(http://host:httpPort/APP/KEY/index.m3u8) keeps in memory and lists; more while "
                            + "fewer would last less than three target durations. Parts are listed for the "
                            + "segments of the last three target durations")
    private int hlsSegmentCount = 7;
    @UriParam(label = "consumer,listener", defaultValue = "200",
              description = "The duration each Low-Latency HLS part of the HTTP listener aims at, in milliseconds: "
                            + "a part is at most this long. Players stay about three parts behind the live edge")
    private long hlsPartDuration = 200;
    @UriParam(label = "consumer,listener", defaultValue = "1000",
              description = "The shortest Low-Latency HLS segment, in milliseconds: a segment ends at the first video "
                            + "key frame past it, so segments last a GOP when the GOP is longer")
    private long hlsSegmentDuration = 1000;
    @UriParam(label = "consumer,listener", defaultValue = "30000",
              description = "How long a live stream stays packaged as HLS after the last HLS request for it, in "
                            + "milliseconds. A stream is packaged from the first request for its playlist on (it "
                            + "starts at the GOP cache, so the first segment is there at once), not for every "
                            + "publisher: packaging costs memory for the segment window and CPU")
    private long hlsIdleTimeout = 30_000;
    @UriParam(label = "consumer,listener",
              defaultValue = "https://cdn.jsdelivr.net/npm/hls.js@1.7.4/dist/hls.min.js",
              description = "The hls.js script that the player page at http://host:httpPort/ loads (the page plays "
                            + "?stream=APP/KEY as LL-HLS); point it at a copy you host, or set it empty to serve no "
                            + "page")
    private String hlsPlayerScript = "https://cdn.jsdelivr.net/npm/hls.js@1.7.4/dist/hls.min.js";
    @UriParam(label = "consumer,security", defaultValue = "REFUSE",
              description = "When a stream key that is already live is published again: REFUSE the new publisher "
                            + "(NetStream.Publish.BadName) or let it TAKE_OVER (the live one is closed)")
    private DuplicatePublish duplicatePublish = DuplicatePublish.REFUSE;
    @UriParam(label = "consumer", defaultValue = "5000",
              description = "With duplicatePublish=REFUSE: milliseconds without any audio, video or data message "
                            + "after which the live publisher of a key counts as stalled, so that a new publisher of "
                            + "that key takes over (the stalled one ends with reason TAKEN_OVER) instead of being "
                            + "refused; 0 never. Time the server spends not reading the live publisher because the "
                            + "route is behind does not count")
    private long idlePublisherTakeOver = PublishTarget.DEFAULT_IDLE_TAKE_OVER_MILLIS;
    @UriParam(label = "consumer", defaultValue = "false",
              description = "Close the publisher's connection when the route fails on one of its messages (after "
                            + "Camel's error handler); by default the stream goes on")
    private boolean closeOnRouteError;
    @UriParam(label = "consumer,security,listener", defaultValue = "64",
              description = "How deeply AMF values may nest in a command or data message")
    private int maxAmfDepth = 64;
    @UriParam(label = "consumer,security,listener", defaultValue = "10000",
              description = "Milliseconds a client has to complete the handshake; 0 waits forever")
    private long handshakeTimeout = 10_000;
    @UriParam(label = "consumer,listener", defaultValue = "30000",
              description = "Milliseconds a connection may stay silent before it is closed (the stream ends with "
                            + "reason TIMEOUT); 0 waits forever. Time the server spends not reading because the "
                            + "route is behind does not count")
    private long readTimeout = 30_000;
    @UriParam(label = "consumer,security,listener", defaultValue = "10000",
              description = "Milliseconds a connection has, after the handshake, to start publishing (counted "
                            + "again once its last publish has ended); it is closed otherwise, however many bytes "
                            + "trickle in. Time spent authorizing a publish does not count; 0 waits forever")
    private long setupTimeout = 10_000;
    @UriParam(label = "consumer,security,listener", defaultValue = "20000",
              description = "Milliseconds a published stream may go without an audio, video or data message before "
                            + "its connection is closed (the stream ends with reason TIMEOUT), however many bytes "
                            + "trickle in; 0 for no limit. Time the server spends not reading the connection because "
                            + "the route is behind does not count")
    private long idlePublisherTimeout = 20_000;
    @UriParam(label = "consumer,security,listener", defaultValue = "1024",
              description = "The longest application name and stream key accepted, in characters, each without its "
                            + "query string; a longer one is refused (NetConnection.Connect.Rejected, "
                            + "NetStream.Publish.BadName), as is any name with a control character")
    private int maxNameLength = 1024;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "4194304",
              description = "Payload bytes that may wait for the route per connection before the server stops "
                            + "reading it (TCP backpressure)")
    private int maxQueuedBytes = 4 * 1024 * 1024;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "1024",
              description = "Messages that may wait for the route per connection before the server stops reading it")
    private int maxQueuedMessages = 1024;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "0",
              description = "Payload bytes all connections of the listener may hold together, waiting for the route "
                            + "or partially received, before the server stops reading every connection (TCP "
                            + "backpressure) until the total has fallen to half; 0 for a quarter of the maximum heap, "
                            + "at most 1 GiB")
    private long memoryBudget;
    @UriParam(label = "consumer", defaultValue = "true",
              description = "When the consumer stops, ask publishers that announced the capability (Enhanced RTMP "
                            + "capsEx Reconnect) to reconnect, with onStatus NetConnection.Connect.ReconnectRequest, "
                            + "and give them reconnectGracePeriod to leave before their connections are closed")
    private boolean reconnectRequestOnStop = true;
    @UriParam(label = "consumer", defaultValue = "2000",
              description = "Milliseconds publishers asked to reconnect may take to leave before the consumer "
                            + "closes their connections")
    private long reconnectGracePeriod = 2000;
    @UriParam(label = "producer", defaultValue = "10000",
              description = "Milliseconds to wait for the TCP connection to the remote server; the publish as a "
                            + "whole may take twice that")
    private long connectTimeout = 10_000;
    @UriParam(label = "producer", defaultValue = "30000",
              description = "Milliseconds a frame may wait for room in the connection's write buffer before the "
                            + "connection is treated as lost")
    private long sendTimeout = 30_000;
    @UriParam(label = "producer", defaultValue = "DROP_UNTIL_KEYFRAME",
              description = "What happens to frames that arrive while the producer reconnects: DROP_UNTIL_KEYFRAME "
                            + "drops them and, after reconnecting, every frame until the next video key frame; "
                            + "BUFFER keeps up to reconnectBufferSize frames and sends them after reconnecting. "
                            + "Dropped frames are counted (JMX attribute DroppedFrames)")
    private ReconnectGap reconnectGap = ReconnectGap.DROP_UNTIL_KEYFRAME;
    @UriParam(label = "producer", defaultValue = "1024",
              description = "With reconnectGap=BUFFER: how many frames to keep while reconnecting")
    private int reconnectBufferSize = 1024;
    @UriParam(label = "producer", defaultValue = "1000",
              description = "Milliseconds before the first reconnect attempt; doubled after each failure")
    private long reconnectDelay = 1000;
    @UriParam(label = "producer", defaultValue = "30000",
              description = "The longest wait between reconnect attempts, in milliseconds")
    private long reconnectMaxDelay = 30_000;
    @UriParam(label = "producer", defaultValue = "false",
              description = "Publish into this JVM's own listener on host:port (started when no consumer has started "
                            + "it, stopped when its last consumer or producer stops), so that players of "
                            + "rtmp://host:port/application/streamKey watch the route's frames, instead of publishing "
                            + "to a remote server. A wildcard host (0.0.0.0, ::) means the same without this option")
    private boolean serve;
    @UriParam(label = "producer", defaultValue = "20000",
              description = "With serve: milliseconds without a frame after which a stream the route publishes "
                            + "into the listener ends (players get NetStream.Play.UnpublishNotify); the next frame "
                            + "starts it again. 0 never")
    private long serveIdleTimeout = 20_000;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "0",
              description = "Event loop threads of the listener; 0 for the number of cores")
    private int ioThreads;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "0",
              description = "Threads that run the route for the listener's connections, shared by all of them; "
                            + "0 for the number of cores. More are started while all of them are blocked "
                            + "(see deliveryBlockedThreshold), up to maxDeliveryThreads")
    private int deliveryThreads;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "256",
              description = "The most route threads of the listener, reached only while routes block")
    private int maxDeliveryThreads = 256;
    @UriParam(label = "consumer,advanced,listener", defaultValue = "50",
              description = "Milliseconds a route thread may spend on one connection's messages before it counts as "
                            + "blocked; when all are blocked and messages of other connections wait, another thread "
                            + "is started, so that a slow stream does not hold up the others")
    private long deliveryBlockedThreshold = 50;
    @UriParam(label = "common,advanced,listener", defaultValue = "auto", enums = "auto,nio,epoll,io_uring",
              description = "The Netty transport of the listener's event loops (consumer) or of the producers' "
                            + "connections: auto (epoll where available, else NIO; never fails), nio, epoll, or "
                            + "io_uring (Netty 4.2 with io.netty:netty-transport-classes-io_uring and "
                            + "netty-transport-native-io_uring:linux-x86_64 added to the application, and a kernel "
                            + "that allows io_uring). auto does not take io_uring: on this project's benchmarks it "
                            + "saved no CPU over epoll (docs/benchmarks.md), and it needs optional jars and a kernel "
                            + "setting that containers often deny. A transport named but not available fails the "
                            + "start, saying why")
    private String transport = "auto";
    /** @deprecated use {@link #transport}. */
    @Deprecated
    @UriParam(label = "consumer,advanced,listener", defaultValue = "true",
              description = "false means transport=nio; true (the default) leaves the choice to transport")
    @Metadata(deprecationNote = "use transport (nativeTransport=false is transport=nio)")
    private boolean nativeTransport = true;

    @UriParam(label = "security,listener",
              description = "TLS settings for rtmps: the server's key and certificate (consumer) or the trusted "
                            + "certificates (producer; the JVM's default trust when not set)")
    private SSLContextParameters sslContextParameters;

    /** Whether the endpoint speaks RTMPS (rtmps:// URI). */
    private boolean secure;

    /** The options of the listener this configuration asks for. */
    public RtmpServerOptions toServerOptions(javax.net.ssl.SSLContext sslContext) {
        return new RtmpServerOptions().sslContext(sslContext).host(host).port(port).chunkSize(chunkSize)
                .windowAcknowledgementSize(windowAcknowledgementSize).maxMessageSize(maxMessageSize)
                .maxChunkStreams(maxChunkStreams).maxAmfDepth(maxAmfDepth).maxMessageStreams(maxMessageStreams)
                .maxCommandSize(maxCommandSize).maxConnections(maxConnections)
                .maxConnectionsPerAddress(maxConnectionsPerAddress).proxyProtocol(proxyProtocol)
                .handshakeTimeoutMillis(handshakeTimeout).readTimeoutMillis(readTimeout)
                .setupTimeoutMillis(setupTimeout).idlePublisherTimeoutMillis(idlePublisherTimeout)
                .maxNameLength(maxNameLength)
                .maxQueuedBytes(maxQueuedBytes).maxQueuedMessages(maxQueuedMessages).memoryBudget(memoryBudget)
                .gopCacheMaxFrames(gopCacheMaxFrames).gopCacheMaxBytes(gopCacheMaxBytes)
                .playerMaxQueuedBytes(playerMaxQueuedBytes).playerMaxDroppedFrames(playerMaxDroppedFrames)
                .playerWriteDelayMillis(playerWriteDelay)
                .playIdleTimeoutMillis(playIdleTimeout)
                .httpPort(httpPort).httpAllowOrigin(httpAllowOrigin == null ? "" : httpAllowOrigin)
                .hlsSegmentCount(hlsSegmentCount)
                .hlsPartDurationMillis(hlsPartDuration).hlsSegmentDurationMillis(hlsSegmentDuration)
                .hlsIdleTimeoutMillis(hlsIdleTimeout).hlsPlayerScript(hlsPlayerScript == null ? "" : hlsPlayerScript)
                .ioThreads(ioThreads)
                .transport(effectiveTransport());
    }

    /**
     * The transport asked for: {@code transport}, or NIO for the deprecated {@code nativeTransport=false}.
     *
     * @throws IllegalArgumentException when {@code nativeTransport=false} meets a native {@code transport}
     */
    @SuppressWarnings("deprecation")
    public dev.camelrtmp.transport.Transport effectiveTransport() {
        dev.camelrtmp.transport.Transport asked = dev.camelrtmp.transport.Transport.of(transport);
        if (nativeTransport) {
            return asked;
        }
        if (asked == dev.camelrtmp.transport.Transport.AUTO || asked == dev.camelrtmp.transport.Transport.NIO) {
            return dev.camelrtmp.transport.Transport.NIO;
        }
        throw new IllegalArgumentException("nativeTransport=false (deprecated; it means transport=nio) contradicts "
                + "transport=" + asked.displayName() + ": set transport alone");
    }

    /**
     * The settings of the listener this configuration asks for: every option labelled {@code listener}, by name.
     * Consumers on one host and port share a listener, so they must agree on these.
     */
    public java.util.Map<String, Object> listenerSettings() {
        java.util.Map<String, Object> settings = new java.util.TreeMap<>();
        settings.put("secure", secure);
        for (java.lang.reflect.Field field : RtmpConfiguration.class.getDeclaredFields()) {
            UriParam param = field.getAnnotation(UriParam.class);
            if (param != null && java.util.Arrays.asList(param.label().split(",")).contains(LISTENER)) {
                try {
                    settings.put(field.getName(), field.get(this));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return settings;
    }

    public RtmpConfiguration copy() {
        try {
            return (RtmpConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getApplication() { return application; }
    public void setApplication(String application) { this.application = application; }
    public String getStreamKey() { return streamKey; }
    public void setStreamKey(String streamKey) { this.streamKey = streamKey; }
    public boolean isLifecycleEvents() { return lifecycleEvents; }
    public void setLifecycleEvents(boolean lifecycleEvents) { this.lifecycleEvents = lifecycleEvents; }
    public int getChunkSize() { return chunkSize; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
    public int getWindowAcknowledgementSize() { return windowAcknowledgementSize; }
    public void setWindowAcknowledgementSize(int size) { this.windowAcknowledgementSize = size; }
    public int getMaxMessageSize() { return maxMessageSize; }
    public void setMaxMessageSize(int maxMessageSize) { this.maxMessageSize = maxMessageSize; }
    public int getMaxChunkStreams() { return maxChunkStreams; }
    public void setMaxChunkStreams(int maxChunkStreams) { this.maxChunkStreams = maxChunkStreams; }
    public int getMaxMessageStreams() { return maxMessageStreams; }
    public void setMaxMessageStreams(int max) { this.maxMessageStreams = max; }
    public int getMaxCommandSize() { return maxCommandSize; }
    public void setMaxCommandSize(int max) { this.maxCommandSize = max; }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int max) { this.maxConnections = max; }
    public int getMaxConnectionsPerAddress() { return maxConnectionsPerAddress; }
    public void setMaxConnectionsPerAddress(int max) { this.maxConnectionsPerAddress = max; }
    public boolean isProxyProtocol() { return proxyProtocol; }
    public void setProxyProtocol(boolean proxyProtocol) { this.proxyProtocol = proxyProtocol; }
    public String getAllowedStreamKeys() { return allowedStreamKeys; }
    public void setAllowedStreamKeys(String keys) { this.allowedStreamKeys = keys; }
    public PublishAuthorizer getPublishAuthorizer() { return publishAuthorizer; }
    public void setPublishAuthorizer(PublishAuthorizer authorizer) { this.publishAuthorizer = authorizer; }
    public String getAuthorizationUri() { return authorizationUri; }
    public void setAuthorizationUri(String uri) { this.authorizationUri = uri; }
    public boolean isPlay() { return play; }
    public void setPlay(boolean play) { this.play = play; }
    public String getPlayAllowedStreamKeys() { return playAllowedStreamKeys; }
    public void setPlayAllowedStreamKeys(String keys) { this.playAllowedStreamKeys = keys; }
    public PlayAuthorizer getPlayAuthorizer() { return playAuthorizer; }
    public void setPlayAuthorizer(PlayAuthorizer authorizer) { this.playAuthorizer = authorizer; }
    public String getPlayAuthorizationUri() { return playAuthorizationUri; }
    public void setPlayAuthorizationUri(String uri) { this.playAuthorizationUri = uri; }
    public boolean isPlayUnannouncedCodecs() { return playUnannouncedCodecs; }
    public void setPlayUnannouncedCodecs(boolean value) { this.playUnannouncedCodecs = value; }
    public int getGopCacheMaxFrames() { return gopCacheMaxFrames; }
    public void setGopCacheMaxFrames(int frames) { this.gopCacheMaxFrames = frames; }
    public long getGopCacheMaxBytes() { return gopCacheMaxBytes; }
    public void setGopCacheMaxBytes(long bytes) { this.gopCacheMaxBytes = bytes; }
    public int getPlayerMaxQueuedBytes() { return playerMaxQueuedBytes; }
    public void setPlayerMaxQueuedBytes(int bytes) { this.playerMaxQueuedBytes = bytes; }
    public long getPlayerMaxDroppedFrames() { return playerMaxDroppedFrames; }
    public void setPlayerMaxDroppedFrames(long frames) { this.playerMaxDroppedFrames = frames; }
    public int getHttpPort() { return httpPort; }
    public void setHttpPort(int httpPort) { this.httpPort = httpPort; }
    public String getHttpAllowOrigin() { return httpAllowOrigin; }
    public void setHttpAllowOrigin(String httpAllowOrigin) { this.httpAllowOrigin = httpAllowOrigin; }
    public int getHlsSegmentCount() { return hlsSegmentCount; }
    public void setHlsSegmentCount(int hlsSegmentCount) { this.hlsSegmentCount = hlsSegmentCount; }
    public long getHlsPartDuration() { return hlsPartDuration; }
    public void setHlsPartDuration(long millis) { this.hlsPartDuration = millis; }
    public long getHlsSegmentDuration() { return hlsSegmentDuration; }
    public void setHlsSegmentDuration(long millis) { this.hlsSegmentDuration = millis; }
    public long getHlsIdleTimeout() { return hlsIdleTimeout; }
    public void setHlsIdleTimeout(long millis) { this.hlsIdleTimeout = millis; }
    public String getHlsPlayerScript() { return hlsPlayerScript; }
    public void setHlsPlayerScript(String url) { this.hlsPlayerScript = url; }
    public long getPlayerWriteDelay() { return playerWriteDelay; }
    public void setPlayerWriteDelay(long millis) { this.playerWriteDelay = millis; }
    public long getPlayIdleTimeout() { return playIdleTimeout; }
    public void setPlayIdleTimeout(long millis) { this.playIdleTimeout = millis; }
    public DuplicatePublish getDuplicatePublish() { return duplicatePublish; }
    public void setDuplicatePublish(DuplicatePublish duplicatePublish) { this.duplicatePublish = duplicatePublish; }
    public long getIdlePublisherTakeOver() { return idlePublisherTakeOver; }
    public void setIdlePublisherTakeOver(long millis) { this.idlePublisherTakeOver = millis; }
    public boolean isCloseOnRouteError() { return closeOnRouteError; }
    public void setCloseOnRouteError(boolean closeOnRouteError) { this.closeOnRouteError = closeOnRouteError; }
    public int getMaxAmfDepth() { return maxAmfDepth; }
    public void setMaxAmfDepth(int maxAmfDepth) { this.maxAmfDepth = maxAmfDepth; }
    public long getHandshakeTimeout() { return handshakeTimeout; }
    public void setHandshakeTimeout(long handshakeTimeout) { this.handshakeTimeout = handshakeTimeout; }
    public long getReadTimeout() { return readTimeout; }
    public void setReadTimeout(long readTimeout) { this.readTimeout = readTimeout; }
    public long getSetupTimeout() { return setupTimeout; }
    public void setSetupTimeout(long setupTimeout) { this.setupTimeout = setupTimeout; }
    public long getIdlePublisherTimeout() { return idlePublisherTimeout; }
    public void setIdlePublisherTimeout(long millis) { this.idlePublisherTimeout = millis; }
    public int getMaxNameLength() { return maxNameLength; }
    public void setMaxNameLength(int maxNameLength) { this.maxNameLength = maxNameLength; }
    public int getMaxQueuedBytes() { return maxQueuedBytes; }
    public void setMaxQueuedBytes(int maxQueuedBytes) { this.maxQueuedBytes = maxQueuedBytes; }
    public int getMaxQueuedMessages() { return maxQueuedMessages; }
    public void setMaxQueuedMessages(int maxQueuedMessages) { this.maxQueuedMessages = maxQueuedMessages; }
    public long getMemoryBudget() { return memoryBudget; }
    public void setMemoryBudget(long memoryBudget) { this.memoryBudget = memoryBudget; }
    public boolean isReconnectRequestOnStop() { return reconnectRequestOnStop; }
    public void setReconnectRequestOnStop(boolean value) { this.reconnectRequestOnStop = value; }
    public long getReconnectGracePeriod() { return reconnectGracePeriod; }
    public void setReconnectGracePeriod(long millis) { this.reconnectGracePeriod = millis; }
    public long getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(long connectTimeout) { this.connectTimeout = connectTimeout; }
    public long getSendTimeout() { return sendTimeout; }
    public void setSendTimeout(long sendTimeout) { this.sendTimeout = sendTimeout; }
    public ReconnectGap getReconnectGap() { return reconnectGap; }
    public void setReconnectGap(ReconnectGap reconnectGap) { this.reconnectGap = reconnectGap; }
    public int getReconnectBufferSize() { return reconnectBufferSize; }
    public void setReconnectBufferSize(int size) { this.reconnectBufferSize = size; }
    public long getReconnectDelay() { return reconnectDelay; }
    public void setReconnectDelay(long reconnectDelay) { this.reconnectDelay = reconnectDelay; }
    public long getReconnectMaxDelay() { return reconnectMaxDelay; }
    public void setReconnectMaxDelay(long reconnectMaxDelay) { this.reconnectMaxDelay = reconnectMaxDelay; }
    public int getIoThreads() { return ioThreads; }
    public void setIoThreads(int ioThreads) { this.ioThreads = ioThreads; }
    public int getDeliveryThreads() { return deliveryThreads; }
    public void setDeliveryThreads(int deliveryThreads) { this.deliveryThreads = deliveryThreads; }
    public int getMaxDeliveryThreads() { return maxDeliveryThreads; }
    public void setMaxDeliveryThreads(int maxDeliveryThreads) { this.maxDeliveryThreads = maxDeliveryThreads; }
    public long getDeliveryBlockedThreshold() { return deliveryBlockedThreshold; }
    public void setDeliveryBlockedThreshold(long millis) { this.deliveryBlockedThreshold = millis; }
    public SSLContextParameters getSslContextParameters() { return sslContextParameters; }
    public void setSslContextParameters(SSLContextParameters parameters) { this.sslContextParameters = parameters; }
    public boolean isServe() { return serve; }
    public void setServe(boolean serve) { this.serve = serve; }
    public long getServeIdleTimeout() { return serveIdleTimeout; }
    public void setServeIdleTimeout(long millis) { this.serveIdleTimeout = millis; }

    /**
     * Whether a producer publishes into this JVM's listener rather than to a remote server: {@code serve=true}, or
     * a wildcard host ({@code 0.0.0.0}, {@code ::}), to which no remote server can be reached.
     */
    public boolean servesLocally() {
        return serve || "0.0.0.0".equals(host) || "::".equals(host) || "0:0:0:0:0:0:0:0".equals(host);
    }

    public boolean isSecure() { return secure; }
    public void setSecure(boolean secure) { this.secure = secure; }
    /** @deprecated use {@link #getTransport()}. */
    @Deprecated
    public boolean isNativeTransport() { return nativeTransport; }
    /** @deprecated use {@link #setTransport(String)}: false is transport=nio. */
    @Deprecated
    public void setNativeTransport(boolean nativeTransport) { this.nativeTransport = nativeTransport; }
    public String getTransport() { return transport; }

    /**
     * Sets the transport: auto, nio, epoll or io_uring.
     *
     * @throws IllegalArgumentException for any other value
     */
    public void setTransport(String transport) {
        this.transport = dev.camelrtmp.transport.Transport.of(transport).displayName();
    }
}
