package dev.camelrtmp.server;

/**
 * Settings of one RTMP listener. Mutable until the server starts; the defaults suit public ingest.
 */
public final class RtmpServerOptions {

    /**
     * The default {@link #playerWriteDelayMillis}: 50 ms, which a player does not notice (players buffer hundreds of
     * milliseconds; SRS merges 350 ms by default) and which cuts the sends per player to at most 20 a second.
     */
    public static final long DEFAULT_PLAYER_WRITE_DELAY_MILLIS = 50;

    private String host = "0.0.0.0";
    private int port = 1935;
    private int chunkSize = 4096;
    private int windowAcknowledgementSize = 2_500_000;
    private int peerBandwidth = 2_500_000;
    private int maxMessageSize = 16 * 1024 * 1024;
    private int maxChunkStreams = 64;
    private int maxMessageStreams = 8;
    private int maxCommandSize = 64 * 1024;
    private int maxConnections = 10_000;
    private int maxConnectionsPerAddress;
    private boolean proxyProtocol;
    private int maxAmfDepth = 64;
    private long handshakeTimeoutMillis = 10_000;
    private long readTimeoutMillis = 30_000;
    private long setupTimeoutMillis = 10_000;
    private long idlePublisherTimeoutMillis = 20_000;
    private int maxNameLength = 1024;
    private int maxQueuedBytes = 4 * 1024 * 1024;
    private int maxQueuedMessages = 1024;
    private long memoryBudget;
    private int gopCacheMaxFrames = 600;
    private long gopCacheMaxBytes = 8L * 1024 * 1024;
    private int playerMaxQueuedBytes = 4 * 1024 * 1024;
    private long playerMaxDroppedFrames;
    private long playerWriteDelayMillis = DEFAULT_PLAYER_WRITE_DELAY_MILLIS;
    private long playIdleTimeoutMillis;
    private int ioThreads;
    private int httpPort;
    private String httpAllowOrigin = "*";
    private int hlsSegmentCount = 7;
    private long hlsPartDurationMillis = 200;
    private long hlsSegmentDurationMillis = 1000;
    private long hlsIdleTimeoutMillis = 30_000;
    private String hlsPlayerScript = DEFAULT_HLS_PLAYER_SCRIPT;
    private dev.camelrtmp.transport.Transport transport = dev.camelrtmp.transport.Transport.AUTO;
    private javax.net.ssl.SSLContext sslContext;

    public String host() { return host; }
    public RtmpServerOptions host(String host) { this.host = host; return this; }

    /** The port of the HTTP-FLV listener beside the RTMP one (on the same host); 0 for none. */
    public int httpPort() { return httpPort; }
    public RtmpServerOptions httpPort(int port) { this.httpPort = port; return this; }

    /** The Access-Control-Allow-Origin the HTTP listener answers with; empty for no CORS headers. */
    public String httpAllowOrigin() { return httpAllowOrigin; }
    public RtmpServerOptions httpAllowOrigin(String origin) { this.httpAllowOrigin = origin; return this; }

    /** How many complete segments an HLS playlist of the HTTP listener keeps. */
    public int hlsSegmentCount() { return hlsSegmentCount; }
    public RtmpServerOptions hlsSegmentCount(int count) { this.hlsSegmentCount = count; return this; }

    /** The duration an LL-HLS part aims at (a part is at most this long), in milliseconds. */
    public long hlsPartDurationMillis() { return hlsPartDurationMillis; }
    public RtmpServerOptions hlsPartDurationMillis(long millis) { this.hlsPartDurationMillis = millis; return this; }

    /** The shortest LL-HLS segment: one ends at the first video key frame past it, in milliseconds. */
    public long hlsSegmentDurationMillis() { return hlsSegmentDurationMillis; }
    public RtmpServerOptions hlsSegmentDurationMillis(long millis) {
        this.hlsSegmentDurationMillis = millis;
        return this;
    }

    /** How long a path is packaged as HLS after its last HLS request, in milliseconds. */
    public long hlsIdleTimeoutMillis() { return hlsIdleTimeoutMillis; }
    public RtmpServerOptions hlsIdleTimeoutMillis(long millis) { this.hlsIdleTimeoutMillis = millis; return this; }

    /** The hls.js script the page at / of the HTTP listener loads; empty for no page. */
    public String hlsPlayerScript() { return hlsPlayerScript; }
    public RtmpServerOptions hlsPlayerScript(String url) { this.hlsPlayerScript = url; return this; }

    /** hls.js from a public CDN, pinned. */
    public static final String DEFAULT_HLS_PLAYER_SCRIPT = "https://cdn.jsdelivr.net/npm/hls.js@1.7.4/dist/hls.min.js";
    /** The Subresource Integrity of {@link #DEFAULT_HLS_PLAYER_SCRIPT}: the npm package's dist/hls.min.js. */
    public static final String DEFAULT_HLS_PLAYER_SCRIPT_INTEGRITY =
            "sha384-p9vgU/7IYJWd3I4STrtqxqR/2cAQlhIX7D/HrTnIMEjjcUox165b7se7sxmm3zDg";

    public int port() { return port; }
    public RtmpServerOptions port(int port) { this.port = port; return this; }

    /** The most messages a live path's GOP cache holds for players' fast start; 0 disables the cache. */
    public int gopCacheMaxFrames() { return gopCacheMaxFrames; }
    public RtmpServerOptions gopCacheMaxFrames(int frames) { this.gopCacheMaxFrames = frames; return this; }

    /** The most payload bytes a live path's GOP cache holds for players' fast start; 0 disables the cache. */
    public long gopCacheMaxBytes() { return gopCacheMaxBytes; }
    public RtmpServerOptions gopCacheMaxBytes(long bytes) { this.gopCacheMaxBytes = bytes; return this; }

    /**
     * The payload bytes written to one player and not yet sent beyond which the slow-player policy drops messages
     * for it until the next key frame.
     */
    public int playerMaxQueuedBytes() { return playerMaxQueuedBytes; }
    public RtmpServerOptions playerMaxQueuedBytes(int bytes) { this.playerMaxQueuedBytes = bytes; return this; }

    /**
     * How many messages the slow-player policy may drop for one play before the player's connection is closed;
     * 0 (the default) never closes it.
     */
    public long playerMaxDroppedFrames() { return playerMaxDroppedFrames; }

    /**
     * How long a live message may wait to be written to RTMP players together with those that follow it (merged
     * writes): one send per player and window instead of one per message. 0 writes each message at once. A player's
     * start (metadata, sequence headers, GOP cache) and control messages are never delayed.
     */
    public long playerWriteDelayMillis() { return playerWriteDelayMillis; }
    public RtmpServerOptions playerWriteDelayMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("playerWriteDelay must not be negative: " + millis);
        }
        this.playerWriteDelayMillis = millis;
        return this;
    }
    public RtmpServerOptions playerMaxDroppedFrames(long frames) { this.playerMaxDroppedFrames = frames; return this; }

    /**
     * How long a player may wait for its stream to be published (before the first publish, or after a publish
     * ended) before its connection is closed; 0 (the default) waits as long as the player stays connected.
     */
    public long playIdleTimeoutMillis() { return playIdleTimeoutMillis; }
    public RtmpServerOptions playIdleTimeoutMillis(long millis) { this.playIdleTimeoutMillis = millis; return this; }

    /** The chunk size the server sends with, announced by Set Chunk Size right after {@code connect}. */
    public int chunkSize() { return chunkSize; }
    public RtmpServerOptions chunkSize(int chunkSize) { this.chunkSize = chunkSize; return this; }

    /** The acknowledgement window announced to clients. */
    public int windowAcknowledgementSize() { return windowAcknowledgementSize; }
    public RtmpServerOptions windowAcknowledgementSize(int size) { this.windowAcknowledgementSize = size; return this; }

    /** The bandwidth announced to clients with Set Peer Bandwidth. */
    public int peerBandwidth() { return peerBandwidth; }
    public RtmpServerOptions peerBandwidth(int peerBandwidth) { this.peerBandwidth = peerBandwidth; return this; }

    /** The largest message accepted, in bytes. */
    public int maxMessageSize() { return maxMessageSize; }
    public RtmpServerOptions maxMessageSize(int maxMessageSize) { this.maxMessageSize = maxMessageSize; return this; }

    /** The most chunk streams one connection may open. */
    public int maxChunkStreams() { return maxChunkStreams; }
    public RtmpServerOptions maxChunkStreams(int maxChunkStreams) { this.maxChunkStreams = maxChunkStreams; return this; }

    /** The most message streams (createStream) one connection may open. */
    public int maxMessageStreams() { return maxMessageStreams; }
    public RtmpServerOptions maxMessageStreams(int max) { this.maxMessageStreams = max; return this; }

    /** The largest command message accepted, in bytes. */
    public int maxCommandSize() { return maxCommandSize; }
    public RtmpServerOptions maxCommandSize(int max) { this.maxCommandSize = max; return this; }

    /** The most connections the listener holds; 0 for no limit. */
    public int maxConnections() { return maxConnections; }
    public RtmpServerOptions maxConnections(int max) { this.maxConnections = max; return this; }

    /**
     * The most connections from one client address; 0 (the default) for no limit, as an encoder farm or a load
     * balancer may put hundreds of publishers behind one address.
     */
    public int maxConnectionsPerAddress() { return maxConnectionsPerAddress; }
    public RtmpServerOptions maxConnectionsPerAddress(int max) { this.maxConnectionsPerAddress = max; return this; }

    /**
     * Whether every connection (RTMP and HTTP) starts with a PROXY protocol header (v1 or v2) whose source address
     * becomes the connection's client address; a connection without one is refused. Only behind a balancer that
     * sends it: anybody who reaches the port directly can claim any address.
     */
    public boolean proxyProtocol() { return proxyProtocol; }
    public RtmpServerOptions proxyProtocol(boolean proxyProtocol) { this.proxyProtocol = proxyProtocol; return this; }

    /** How deeply AMF values may nest in a command or data message. */
    public int maxAmfDepth() { return maxAmfDepth; }
    public RtmpServerOptions maxAmfDepth(int maxAmfDepth) { this.maxAmfDepth = maxAmfDepth; return this; }

    /** How long a client has to complete the handshake; 0 waits forever. */
    public long handshakeTimeoutMillis() { return handshakeTimeoutMillis; }
    public RtmpServerOptions handshakeTimeoutMillis(long millis) { this.handshakeTimeoutMillis = millis; return this; }

    /** How long a connection may stay silent before it is closed; 0 waits forever. */
    public long readTimeoutMillis() { return readTimeoutMillis; }
    public RtmpServerOptions readTimeoutMillis(long millis) { this.readTimeoutMillis = millis; return this; }

    /**
     * How long a connection has, once the handshake is done, to start publishing; counted again from zero when its
     * last publish ends. Time the server spends authorizing a publish, or not reading the connection because the
     * listener is behind, does not count. 0 waits forever.
     */
    public long setupTimeoutMillis() { return setupTimeoutMillis; }
    public RtmpServerOptions setupTimeoutMillis(long millis) { this.setupTimeoutMillis = millis; return this; }

    /**
     * How long a published stream may go without an audio, video or data message before its connection is closed
     * (the stream ends with reason TIMEOUT), even if other bytes arrive. Time the server spends not reading the
     * connection because the listener is behind does not count. 0 for no limit.
     */
    public long idlePublisherTimeoutMillis() { return idlePublisherTimeoutMillis; }
    public RtmpServerOptions idlePublisherTimeoutMillis(long millis) {
        this.idlePublisherTimeoutMillis = millis;
        return this;
    }

    /**
     * The longest application name and stream key accepted, in characters, each without its query string (which
     * {@link #maxCommandSize} bounds).
     */
    public int maxNameLength() { return maxNameLength; }
    public RtmpServerOptions maxNameLength(int max) { this.maxNameLength = max; return this; }

    /**
     * Why a name from a client is refused, or null: a control character anywhere in {@code requested} (as sent,
     * with any query string), or {@code name} (without it) longer than {@link #maxNameLength}.
     */
    public String nameProblem(String requested, String name) {
        for (int i = 0; i < requested.length(); i++) {
            if (dev.camelrtmp.protocol.LogSafe.isControl(requested.charAt(i))) {
                return String.format("contains control character U+%04X", (int) requested.charAt(i));
            }
        }
        if (name.length() > maxNameLength) {
            return "is " + name.length() + " characters long, more than " + maxNameLength + " (maxNameLength)";
        }
        return null;
    }

    /** How many payload bytes may wait for the listener before the server stops reading the connection. */
    public int maxQueuedBytes() { return maxQueuedBytes; }
    public RtmpServerOptions maxQueuedBytes(int maxQueuedBytes) { this.maxQueuedBytes = maxQueuedBytes; return this; }

    /** How many messages may wait for the listener before the server stops reading the connection. */
    public int maxQueuedMessages() { return maxQueuedMessages; }
    public RtmpServerOptions maxQueuedMessages(int max) { this.maxQueuedMessages = max; return this; }

    /**
     * The payload bytes all connections of the listener may hold together (waiting for the listener, or partially
     * received) before the server stops reading them; 0 for {@link MemoryBudget#defaultLimit()} (a quarter of the
     * heap, at most 1 GiB).
     */
    public long memoryBudget() { return memoryBudget; }
    public RtmpServerOptions memoryBudget(long bytes) { this.memoryBudget = bytes; return this; }

    /** Event loop threads for connections; 0 for the number of cores. */
    public int ioThreads() { return ioThreads; }
    public RtmpServerOptions ioThreads(int ioThreads) { this.ioThreads = ioThreads; return this; }

    /** The TLS context for RTMPS, or null for plain RTMP. */
    public javax.net.ssl.SSLContext sslContext() { return sslContext; }
    public RtmpServerOptions sslContext(javax.net.ssl.SSLContext sslContext) { this.sslContext = sslContext; return this; }

    /** The Netty transport of the listener's event loops: {@code AUTO} (epoll where available, else NIO) by default. */
    public dev.camelrtmp.transport.Transport transport() { return transport; }
    public RtmpServerOptions transport(dev.camelrtmp.transport.Transport transport) {
        this.transport = java.util.Objects.requireNonNull(transport, "transport");
        return this;
    }

    /** Whether a native transport may be used: any transport but NIO. */
    @Deprecated
    public boolean nativeTransport() { return transport != dev.camelrtmp.transport.Transport.NIO; }

    /** @deprecated use {@link #transport(dev.camelrtmp.transport.Transport)}: false is NIO, true is AUTO */
    @Deprecated
    public RtmpServerOptions nativeTransport(boolean nativeTransport) {
        return transport(nativeTransport ? dev.camelrtmp.transport.Transport.AUTO : dev.camelrtmp.transport.Transport.NIO);
    }
}
