/* Generated from rtmp.json by StarterSourcesTest: do not edit. */
package dev.camelrtmp.springboot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The options of the rtmp and rtmps components, set as {@code camel.component.rtmp.*} properties; the
 * auto-configuration applies those that are set.
 */
@ConfigurationProperties(prefix = "camel.component.rtmp")
public class RtmpComponentConfiguration {

    /**
     * Whether to enable auto configuration of the rtmp component. This is enabled by default.
     */
    private Boolean enabled = true;

    /**
     * Comma-separated stream keys allowed to publish; others are refused with NetStream.Publish.BadName. Empty allows
     * every key.
     */
    private String allowedStreamKeys;

    /**
     * An endpoint (e.g. direct:authorize) asked to decide on each publish: it receives the publish's headers
     * (application, stream key and name, CamelRtmpQueryParameters, connect parameters, client address) and allows it
     * when it answers with body true or header CamelRtmpAuthorized=true; CamelRtmpStatusCode and
     * CamelRtmpStatusDescription shape a refusal.
     */
    private String authorizationUri;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as a
     * message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. Some components handle this internally only, and therefore
     * bridgeErrorHandler is not possible. In other situations we may improve the Camel component to hook into the 3rd
     * party component and make this possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored.
     */
    private Boolean bridgeErrorHandler = false;

    /**
     * The chunk size to send with: the server's, announced with Set Chunk Size after connect (consumer), or the
     * client's, announced before publishing (producer).
     */
    private Integer chunkSize = 4096;

    /**
     * Close the publisher's connection when the route fails on one of its messages (after Camel's error handler); by
     * default the stream goes on.
     */
    private Boolean closeOnRouteError = false;

    /**
     * The options every rtmp: endpoint of this component starts from; an endpoint's URI parameters override them.
     * Listener settings (threads, limits, timeouts, TLS) belong here, as camel.component.rtmp properties, since one
     * listener serves every consumer on its port.
     * The option is a dev.camelrtmp.component.RtmpConfiguration type: the name of a bean, as #name.
     */
    private String configuration;

    /**
     * Milliseconds to wait for the TCP connection to the remote server; the publish as a whole may take twice that.
     */
    private Long connectTimeout = 10000L;

    /**
     * Milliseconds a route thread may spend on one connection's messages before it counts as blocked; when all are
     * blocked and messages of other connections wait, another thread is started, so that a slow stream does not hold up
     * the others.
     */
    private Long deliveryBlockedThreshold = 50L;

    /**
     * Threads that run the route for the listener's connections, shared by all of them; 0 for the number of cores. More
     * are started while all of them are blocked (see deliveryBlockedThreshold), up to maxDeliveryThreads.
     */
    private Integer deliveryThreads = 0;

    /**
     * When a stream key that is already live is published again: REFUSE the new publisher (NetStream.Publish.BadName)
     * or let it TAKE_OVER (the live one is closed).
     */
    private dev.camelrtmp.server.DuplicatePublish duplicatePublish = dev.camelrtmp.server.DuplicatePublish.REFUSE;

    /**
     * The most payload bytes a live stream's GOP cache holds for players' fast start; a larger group is not cached. 0
     * disables the cache.
     */
    private Long gopCacheMaxBytes = 8388608L;

    /**
     * The most messages a live stream's GOP cache holds for players' fast start (the messages since the latest key
     * frame); a longer group is not cached. 0 disables the cache.
     */
    private Integer gopCacheMaxFrames = 600;

    /**
     * Milliseconds a client has to complete the handshake; 0 waits forever.
     */
    private Long handshakeTimeout = 10000L;

    /**
     * Used for enabling or disabling all consumer based health checks from this component.
     */
    private Boolean healthCheckConsumerEnabled = true;

    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by default
     * disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;

    /**
     * How long a live stream stays packaged as HLS after the last HLS request for it, in milliseconds. A stream is
     * packaged from the first request for its playlist on (it starts at the GOP cache, so the first segment is there at
     * once), not for every publisher: packaging costs memory for the segment window and CPU.
     */
    private Long hlsIdleTimeout = 30000L;

    /**
     * The duration each Low-Latency HLS part of the HTTP listener aims at, in milliseconds: a part is at most this
     * long. Players stay about three parts behind the live edge.
     */
    private Long hlsPartDuration = 200L;

    /**
     * The hls.js script that the player page at http://host:httpPort/ loads (the page plays stream=APP/KEY as LL-HLS);
     * point it at a copy you host, or set it empty to serve no page.
     */
    private String hlsPlayerScript = "https://cdn.jsdelivr.net/npm/hls.js@1.7.4/dist/hls.min.js";

    /**
     * How many complete segments each Low-Latency HLS playlist of the HTTP listener
     * (http://host:httpPort/APP/KEY/index.m3u8) keeps in memory and lists; more while fewer would last less than three
     * target durations. Parts are listed for the segments of the last three target durations.
     */
    private Integer hlsSegmentCount = 7;

    /**
     * The shortest Low-Latency HLS segment, in milliseconds: a segment ends at the first video key frame past it, so
     * segments last a GOP when the GOP is longer.
     */
    private Long hlsSegmentDuration = 1000L;

    /**
     * The Access-Control-Allow-Origin the HTTP listener answers with (and its CORS preflight), so that browser players
     * on other origins may read the streams: for any origin, one origin such as https://example.com, or empty for no
     * CORS headers (same-origin pages only). It does not decide who may play: the play policy and authorizer do.
     */
    private String httpAllowOrigin = "*";

    /**
     * The port of an HTTP listener beside the RTMP one, on the same host, that serves every stream that can be played
     * over RTMP as HTTP-FLV at http://host:httpPort/APP/KEY.flv (same play policy and authorizer; the request's query
     * string is the stream name's query); 0 serves no HTTP. An own port: it cannot share the port of another HTTP
     * server.
     */
    private Integer httpPort = 0;

    /**
     * With duplicatePublish=REFUSE: milliseconds without any audio, video or data message after which the live
     * publisher of a key counts as stalled, so that a new publisher of that key takes over (the stalled one ends with
     * reason TAKEN_OVER) instead of being refused; 0 never. Time the server spends not reading the live publisher
     * because the route is behind does not count.
     */
    private Long idlePublisherTakeOver = 5000L;

    /**
     * Milliseconds a published stream may go without an audio, video or data message before its connection is closed
     * (the stream ends with reason TIMEOUT), however many bytes trickle in; 0 for no limit. Time the server spends not
     * reading the connection because the route is behind does not count.
     */
    private Long idlePublisherTimeout = 20000L;

    /**
     * Event loop threads of the listener; 0 for the number of cores.
     */
    private Integer ioThreads = 0;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer = false;

    /**
     * Also send lifecycle events (PUBLISH_START, PUBLISH_END with its reason and counts, PUBLISH_REFUSED, PLAY_START,
     * PLAY_END with its reason and counts) as Exchanges with message type EVENT and no body.
     */
    private Boolean lifecycleEvents = false;

    /**
     * How deeply AMF values may nest in a command or data message.
     */
    private Integer maxAmfDepth = 64;

    /**
     * The most chunk streams (and message streams) one connection may use.
     */
    private Integer maxChunkStreams = 64;

    /**
     * The largest command message accepted, in bytes.
     */
    private Integer maxCommandSize = 65536;

    /**
     * The most connections the listener holds; 0 for no limit.
     */
    private Integer maxConnections = 10000;

    /**
     * The most connections from one client address; 0 for no limit (the default: an encoder farm or a load balancer may
     * put hundreds of publishers behind one address).
     */
    private Integer maxConnectionsPerAddress = 0;

    /**
     * The most route threads of the listener, reached only while routes block.
     */
    private Integer maxDeliveryThreads = 256;

    /**
     * The largest RTMP message accepted, in bytes; a larger one closes the connection.
     */
    private Integer maxMessageSize = 16777216;

    /**
     * The most message streams (createStream) one connection may open.
     */
    private Integer maxMessageStreams = 8;

    /**
     * The longest application name and stream key accepted, in characters, each without its query string; a longer one
     * is refused (NetConnection.Connect.Rejected, NetStream.Publish.BadName), as is any name with a control character.
     */
    private Integer maxNameLength = 1024;

    /**
     * Payload bytes that may wait for the route per connection before the server stops reading it (TCP backpressure).
     */
    private Integer maxQueuedBytes = 4194304;

    /**
     * Messages that may wait for the route per connection before the server stops reading it.
     */
    private Integer maxQueuedMessages = 1024;

    /**
     * Payload bytes all connections of the listener may hold together, waiting for the route or partially received,
     * before the server stops reading every connection (TCP backpressure) until the total has fallen to half; 0 for a
     * quarter of the maximum heap, at most 1 GiB.
     */
    private Long memoryBudget = 0L;

    /**
     * false means transport=nio; true (the default) leaves the choice to transport. Deprecation note: use transport
     * (nativeTransport=false is transport=nio).
     */
    @Deprecated
    private Boolean nativeTransport = true;

    /**
     * Whether players may play the streams published to this consumer, at the URL they are published to; when false a
     * play gets onStatus NetStream.Play.Failed.
     */
    private Boolean play = true;

    /**
     * Comma-separated stream keys that may be played; others are refused with NetStream.Play.Failed. Empty allows every
     * key this consumer accepts.
     */
    private String playAllowedStreamKeys;

    /**
     * An endpoint (e.g. direct:authorizePlay) asked to decide on each play: it receives the same headers as
     * authorizationUri and allows the play when it answers with body true or header CamelRtmpAuthorized=true;
     * CamelRtmpStatusCode (default NetStream.Play.Failed) and CamelRtmpStatusDescription shape a refusal.
     */
    private String playAuthorizationUri;

    /**
     * A bean implementing dev.camelrtmp.server.PlayAuthorizer that decides on each play (from application, key, query
     * parameters, connect parameters and client address).
     * The option is a dev.camelrtmp.server.PlayAuthorizer type: the name of a bean, as #name.
     */
    private String playAuthorizer;

    /**
     * Milliseconds a player may wait for its stream to be published (before the first publish or after a publish ended)
     * before it gets onStatus NetStream.Play.StreamNotFound and its connection is closed (PLAY_END reason TIMEOUT); 0
     * waits as long as the player stays connected, as nginx-rtmp does.
     */
    private Long playIdleTimeout = 0L;

    /**
     * Whether a player that announced no Enhanced RTMP codecs in connect (no fourCcList) is sent Enhanced RTMP audio
     * and video (HEVC, AV1, VP9, Opus, multitrack) anyway: FFmpeg 6.1 and later play them without announcing them. When
     * false such a player gets onStatus NetStream.Play.Failed naming the codec instead. A player whose fourCcList lacks
     * the stream's codec always gets that status.
     */
    private Boolean playUnannouncedCodecs = true;

    /**
     * How many messages the slow-player policy may drop for one play before the player's connection is closed (PLAY_END
     * reason TOO_SLOW); 0 never closes it.
     */
    private Long playerMaxDroppedFrames = 0L;

    /**
     * Bytes written to one player and not yet sent beyond which the slow-player policy drops messages for it until the
     * next key frame (counted per player); the publisher, the route and other players never wait for a player.
     */
    private Integer playerMaxQueuedBytes = 4194304;

    /**
     * Milliseconds a live message may wait to be written to RTMP players together with those that follow it (merged
     * writes): each player then gets one send per window instead of one per message, which lowers the server's CPU with
     * many players (at 200 players it halves the system time) at the cost of up to that much latency, which players do
     * not notice; a player's start (metadata, sequence headers, GOP cache) and control messages are never delayed. 0
     * writes each message at once. HTTP-FLV and LL-HLS are not affected.
     */
    private Long playerWriteDelay = 50L;

    /**
     * Whether every connection to the listener (RTMP, and HTTP with httpPort) starts with a PROXY protocol header, v1
     * or v2, as an L4 balancer such as HAProxy (send-proxy, send-proxy-v2) sends it: the client address it names is the
     * connection's in limits (maxConnectionsPerAddress counts it once the header is read), authorization,
     * CamelRtmpClientAddress, events and logs; a LOCAL header (health check) keeps the balancer's. A connection without
     * a valid header is closed. Enable it only behind a balancer you control: whoever reaches the port directly can
     * claim any address.
     */
    private Boolean proxyProtocol = false;

    /**
     * A bean implementing dev.camelrtmp.server.PublishAuthorizer that decides on each publish (from application, key,
     * query parameters, connect parameters and client address).
     * The option is a dev.camelrtmp.server.PublishAuthorizer type: the name of a bean, as #name.
     */
    private String publishAuthorizer;

    /**
     * Milliseconds a connection may stay silent before it is closed (the stream ends with reason TIMEOUT); 0 waits
     * forever. Time the server spends not reading because the route is behind does not count.
     */
    private Long readTimeout = 30000L;

    /**
     * With reconnectGap=BUFFER: how many frames to keep while reconnecting.
     */
    private Integer reconnectBufferSize = 1024;

    /**
     * Milliseconds before the first reconnect attempt; doubled after each failure.
     */
    private Long reconnectDelay = 1000L;

    /**
     * What happens to frames that arrive while the producer reconnects: DROP_UNTIL_KEYFRAME drops them and, after
     * reconnecting, every frame until the next video key frame; BUFFER keeps up to reconnectBufferSize frames and sends
     * them after reconnecting. Dropped frames are counted (JMX attribute DroppedFrames).
     */
    private dev.camelrtmp.component.ReconnectGap reconnectGap = dev.camelrtmp.component.ReconnectGap.DROP_UNTIL_KEYFRAME;

    /**
     * Milliseconds publishers asked to reconnect may take to leave before the consumer closes their connections.
     */
    private Long reconnectGracePeriod = 2000L;

    /**
     * The longest wait between reconnect attempts, in milliseconds.
     */
    private Long reconnectMaxDelay = 30000L;

    /**
     * When the consumer stops, ask publishers that announced the capability (Enhanced RTMP capsEx Reconnect) to
     * reconnect, with onStatus NetConnection.Connect.ReconnectRequest, and give them reconnectGracePeriod to leave
     * before their connections are closed.
     */
    private Boolean reconnectRequestOnStop = true;

    /**
     * Milliseconds a frame may wait for room in the connection's write buffer before the connection is treated as lost.
     */
    private Long sendTimeout = 30000L;

    /**
     * Publish into this JVM's own listener on host:port (started when no consumer has started it, stopped when its last
     * consumer or producer stops), so that players of rtmp://host:port/application/streamKey watch the route's frames,
     * instead of publishing to a remote server. A wildcard host (0.0.0.0, ::) means the same without this option.
     */
    private Boolean serve = false;

    /**
     * With serve: milliseconds without a frame after which a stream the route publishes into the listener ends (players
     * get NetStream.Play.UnpublishNotify); the next frame starts it again. 0 never.
     */
    private Long serveIdleTimeout = 20000L;

    /**
     * Milliseconds a connection has, after the handshake, to start publishing (counted again once its last publish has
     * ended); it is closed otherwise, however many bytes trickle in. Time spent authorizing a publish does not count; 0
     * waits forever.
     */
    private Long setupTimeout = 10000L;

    /**
     * TLS settings for rtmps: the server's key and certificate (consumer) or the trusted certificates (producer; the
     * JVM's default trust when not set).
     * The option is a org.apache.camel.support.jsse.SSLContextParameters type: the name of a bean, as #name.
     */
    private String sslContextParameters;

    /**
     * The Netty transport of the listener's event loops (consumer) or of the producers' connections: auto (epoll where
     * available, else NIO; never fails), nio, epoll, or io_uring (Netty 4.2 with
     * io.netty:netty-transport-classes-io_uring and netty-transport-native-io_uring:linux-x86_64 added to the
     * application, and a kernel that allows io_uring). auto does not take io_uring: on this project's benchmarks it
     * saved no CPU over epoll (docs/benchmarks.md), and it needs optional jars and a kernel setting that containers
     * often deny. A transport named but not available fails the start, saying why.
     */
    private String transport = "auto";

    /**
     * The acknowledgement window announced to clients, in bytes.
     */
    private Integer windowAcknowledgementSize = 2500000;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getAllowedStreamKeys() {
        return allowedStreamKeys;
    }

    public void setAllowedStreamKeys(String allowedStreamKeys) {
        this.allowedStreamKeys = allowedStreamKeys;
    }

    public String getAuthorizationUri() {
        return authorizationUri;
    }

    public void setAuthorizationUri(String authorizationUri) {
        this.authorizationUri = authorizationUri;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Integer getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(Integer chunkSize) {
        this.chunkSize = chunkSize;
    }

    public Boolean getCloseOnRouteError() {
        return closeOnRouteError;
    }

    public void setCloseOnRouteError(Boolean closeOnRouteError) {
        this.closeOnRouteError = closeOnRouteError;
    }

    public String getConfiguration() {
        return configuration;
    }

    public void setConfiguration(String configuration) {
        this.configuration = configuration;
    }

    public Long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Long getDeliveryBlockedThreshold() {
        return deliveryBlockedThreshold;
    }

    public void setDeliveryBlockedThreshold(Long deliveryBlockedThreshold) {
        this.deliveryBlockedThreshold = deliveryBlockedThreshold;
    }

    public Integer getDeliveryThreads() {
        return deliveryThreads;
    }

    public void setDeliveryThreads(Integer deliveryThreads) {
        this.deliveryThreads = deliveryThreads;
    }

    public dev.camelrtmp.server.DuplicatePublish getDuplicatePublish() {
        return duplicatePublish;
    }

    public void setDuplicatePublish(dev.camelrtmp.server.DuplicatePublish duplicatePublish) {
        this.duplicatePublish = duplicatePublish;
    }

    public Long getGopCacheMaxBytes() {
        return gopCacheMaxBytes;
    }

    public void setGopCacheMaxBytes(Long gopCacheMaxBytes) {
        this.gopCacheMaxBytes = gopCacheMaxBytes;
    }

    public Integer getGopCacheMaxFrames() {
        return gopCacheMaxFrames;
    }

    public void setGopCacheMaxFrames(Integer gopCacheMaxFrames) {
        this.gopCacheMaxFrames = gopCacheMaxFrames;
    }

    public Long getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Long handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public Long getHlsIdleTimeout() {
        return hlsIdleTimeout;
    }

    public void setHlsIdleTimeout(Long hlsIdleTimeout) {
        this.hlsIdleTimeout = hlsIdleTimeout;
    }

    public Long getHlsPartDuration() {
        return hlsPartDuration;
    }

    public void setHlsPartDuration(Long hlsPartDuration) {
        this.hlsPartDuration = hlsPartDuration;
    }

    public String getHlsPlayerScript() {
        return hlsPlayerScript;
    }

    public void setHlsPlayerScript(String hlsPlayerScript) {
        this.hlsPlayerScript = hlsPlayerScript;
    }

    public Integer getHlsSegmentCount() {
        return hlsSegmentCount;
    }

    public void setHlsSegmentCount(Integer hlsSegmentCount) {
        this.hlsSegmentCount = hlsSegmentCount;
    }

    public Long getHlsSegmentDuration() {
        return hlsSegmentDuration;
    }

    public void setHlsSegmentDuration(Long hlsSegmentDuration) {
        this.hlsSegmentDuration = hlsSegmentDuration;
    }

    public String getHttpAllowOrigin() {
        return httpAllowOrigin;
    }

    public void setHttpAllowOrigin(String httpAllowOrigin) {
        this.httpAllowOrigin = httpAllowOrigin;
    }

    public Integer getHttpPort() {
        return httpPort;
    }

    public void setHttpPort(Integer httpPort) {
        this.httpPort = httpPort;
    }

    public Long getIdlePublisherTakeOver() {
        return idlePublisherTakeOver;
    }

    public void setIdlePublisherTakeOver(Long idlePublisherTakeOver) {
        this.idlePublisherTakeOver = idlePublisherTakeOver;
    }

    public Long getIdlePublisherTimeout() {
        return idlePublisherTimeout;
    }

    public void setIdlePublisherTimeout(Long idlePublisherTimeout) {
        this.idlePublisherTimeout = idlePublisherTimeout;
    }

    public Integer getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(Integer ioThreads) {
        this.ioThreads = ioThreads;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getLifecycleEvents() {
        return lifecycleEvents;
    }

    public void setLifecycleEvents(Boolean lifecycleEvents) {
        this.lifecycleEvents = lifecycleEvents;
    }

    public Integer getMaxAmfDepth() {
        return maxAmfDepth;
    }

    public void setMaxAmfDepth(Integer maxAmfDepth) {
        this.maxAmfDepth = maxAmfDepth;
    }

    public Integer getMaxChunkStreams() {
        return maxChunkStreams;
    }

    public void setMaxChunkStreams(Integer maxChunkStreams) {
        this.maxChunkStreams = maxChunkStreams;
    }

    public Integer getMaxCommandSize() {
        return maxCommandSize;
    }

    public void setMaxCommandSize(Integer maxCommandSize) {
        this.maxCommandSize = maxCommandSize;
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getMaxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    public void setMaxConnectionsPerAddress(Integer maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    }

    public Integer getMaxDeliveryThreads() {
        return maxDeliveryThreads;
    }

    public void setMaxDeliveryThreads(Integer maxDeliveryThreads) {
        this.maxDeliveryThreads = maxDeliveryThreads;
    }

    public Integer getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(Integer maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public Integer getMaxMessageStreams() {
        return maxMessageStreams;
    }

    public void setMaxMessageStreams(Integer maxMessageStreams) {
        this.maxMessageStreams = maxMessageStreams;
    }

    public Integer getMaxNameLength() {
        return maxNameLength;
    }

    public void setMaxNameLength(Integer maxNameLength) {
        this.maxNameLength = maxNameLength;
    }

    public Integer getMaxQueuedBytes() {
        return maxQueuedBytes;
    }

    public void setMaxQueuedBytes(Integer maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public Integer getMaxQueuedMessages() {
        return maxQueuedMessages;
    }

    public void setMaxQueuedMessages(Integer maxQueuedMessages) {
        this.maxQueuedMessages = maxQueuedMessages;
    }

    public Long getMemoryBudget() {
        return memoryBudget;
    }

    public void setMemoryBudget(Long memoryBudget) {
        this.memoryBudget = memoryBudget;
    }

    @Deprecated
    public Boolean getNativeTransport() {
        return nativeTransport;
    }

    @Deprecated
    public void setNativeTransport(Boolean nativeTransport) {
        this.nativeTransport = nativeTransport;
    }

    public Boolean getPlay() {
        return play;
    }

    public void setPlay(Boolean play) {
        this.play = play;
    }

    public String getPlayAllowedStreamKeys() {
        return playAllowedStreamKeys;
    }

    public void setPlayAllowedStreamKeys(String playAllowedStreamKeys) {
        this.playAllowedStreamKeys = playAllowedStreamKeys;
    }

    public String getPlayAuthorizationUri() {
        return playAuthorizationUri;
    }

    public void setPlayAuthorizationUri(String playAuthorizationUri) {
        this.playAuthorizationUri = playAuthorizationUri;
    }

    public String getPlayAuthorizer() {
        return playAuthorizer;
    }

    public void setPlayAuthorizer(String playAuthorizer) {
        this.playAuthorizer = playAuthorizer;
    }

    public Long getPlayIdleTimeout() {
        return playIdleTimeout;
    }

    public void setPlayIdleTimeout(Long playIdleTimeout) {
        this.playIdleTimeout = playIdleTimeout;
    }

    public Boolean getPlayUnannouncedCodecs() {
        return playUnannouncedCodecs;
    }

    public void setPlayUnannouncedCodecs(Boolean playUnannouncedCodecs) {
        this.playUnannouncedCodecs = playUnannouncedCodecs;
    }

    public Long getPlayerMaxDroppedFrames() {
        return playerMaxDroppedFrames;
    }

    public void setPlayerMaxDroppedFrames(Long playerMaxDroppedFrames) {
        this.playerMaxDroppedFrames = playerMaxDroppedFrames;
    }

    public Integer getPlayerMaxQueuedBytes() {
        return playerMaxQueuedBytes;
    }

    public void setPlayerMaxQueuedBytes(Integer playerMaxQueuedBytes) {
        this.playerMaxQueuedBytes = playerMaxQueuedBytes;
    }

    public Long getPlayerWriteDelay() {
        return playerWriteDelay;
    }

    public void setPlayerWriteDelay(Long playerWriteDelay) {
        this.playerWriteDelay = playerWriteDelay;
    }

    public Boolean getProxyProtocol() {
        return proxyProtocol;
    }

    public void setProxyProtocol(Boolean proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    public String getPublishAuthorizer() {
        return publishAuthorizer;
    }

    public void setPublishAuthorizer(String publishAuthorizer) {
        this.publishAuthorizer = publishAuthorizer;
    }

    public Long getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Integer getReconnectBufferSize() {
        return reconnectBufferSize;
    }

    public void setReconnectBufferSize(Integer reconnectBufferSize) {
        this.reconnectBufferSize = reconnectBufferSize;
    }

    public Long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(Long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public dev.camelrtmp.component.ReconnectGap getReconnectGap() {
        return reconnectGap;
    }

    public void setReconnectGap(dev.camelrtmp.component.ReconnectGap reconnectGap) {
        this.reconnectGap = reconnectGap;
    }

    public Long getReconnectGracePeriod() {
        return reconnectGracePeriod;
    }

    public void setReconnectGracePeriod(Long reconnectGracePeriod) {
        this.reconnectGracePeriod = reconnectGracePeriod;
    }

    public Long getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(Long reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public Boolean getReconnectRequestOnStop() {
        return reconnectRequestOnStop;
    }

    public void setReconnectRequestOnStop(Boolean reconnectRequestOnStop) {
        this.reconnectRequestOnStop = reconnectRequestOnStop;
    }

    public Long getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Long sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Boolean getServe() {
        return serve;
    }

    public void setServe(Boolean serve) {
        this.serve = serve;
    }

    public Long getServeIdleTimeout() {
        return serveIdleTimeout;
    }

    public void setServeIdleTimeout(Long serveIdleTimeout) {
        this.serveIdleTimeout = serveIdleTimeout;
    }

    public Long getSetupTimeout() {
        return setupTimeout;
    }

    public void setSetupTimeout(Long setupTimeout) {
        this.setupTimeout = setupTimeout;
    }

    public String getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(String sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getTransport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
    }

    public Integer getWindowAcknowledgementSize() {
        return windowAcknowledgementSize;
    }

    public void setWindowAcknowledgementSize(Integer windowAcknowledgementSize) {
        this.windowAcknowledgementSize = windowAcknowledgementSize;
    }
}
