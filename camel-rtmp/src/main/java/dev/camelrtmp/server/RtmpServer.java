package dev.camelrtmp.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.camelrtmp.protocol.AcknowledgementHandler;
import dev.camelrtmp.protocol.chunk.ChunkDecoder;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import dev.camelrtmp.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP listener: accepts connections on an address and routes each publish to the {@link PublishTarget}
 * registered for its application and stream key. Several targets share one listener.
 */
public final class RtmpServer {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);

    private final RtmpServerOptions options;
    private final Executor deliveryExecutor;
    private final MemoryBudget memoryBudget;
    private final List<PublishTarget> targets = new CopyOnWriteArrayList<>();
    /** The stream that publishes each {@code application/key} now: a connection's NetStream or a LocalPublish. */
    private final ConcurrentMap<String, Object> live = new ConcurrentHashMap<>();
    /** Where the application publishes itself ({@link #serve}): players may connect and play there. */
    private final List<ServedPath> served = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong localPublishes = new java.util.concurrent.atomic.AtomicLong();
    /** What players of each path need (cache, players), while the path is published or played. */
    private final ConcurrentMap<String, LiveSource> sources = new ConcurrentHashMap<>();
    /** The players' writes, one {@link PlayerFlusher} per event loop that has players. */
    private final ConcurrentMap<io.netty.channel.EventLoop, PlayerFlusher> flushers = new ConcurrentHashMap<>();
    private final TrafficStatistics statistics = new TrafficStatistics();
    /** The clock of the connections' time budgets: System.nanoTime, or a test's. */
    private volatile LongSupplier nanoClock = System::nanoTime;
    private ChannelGroup channels;
    private ConnectionLimiter limiter;
    /** Connections refused for want of a valid PROXY protocol header, RTMP and HTTP: ten lines a second at most. */
    private final RefusalLog proxyRefusals = RefusalLog.perListener(LoggerFactory.getLogger(ProxyProtocol.class),
            System::nanoTime);
    /** Told of errors that are neither protocol nor I/O errors: bugs. For tests and fuzzing; may be null. */
    volatile java.util.function.Consumer<Throwable> unexpectedErrors;
    private Transport transport;
    private EventLoopGroup bossGroup;
    private volatile EventLoopGroup workerGroup;
    private Channel serverChannel;

    /**
     * @param options          the listener's settings
     * @param deliveryExecutor runs the listeners' calls (normally a {@link DeliveryScheduler})
     */
    public RtmpServer(RtmpServerOptions options, Executor deliveryExecutor) {
        this.options = options;
        this.deliveryExecutor = deliveryExecutor;
        this.memoryBudget = new MemoryBudget(options.memoryBudget());
    }

    /**
     * Binds the listener; returns once it accepts connections.
     *
     * @throws BindException when the address cannot be listened on (in use, not local, not permitted); its message
     *                       names the address. No thread of the listener is left running
     */
    public synchronized void start() throws BindException, InterruptedException {
        transport = options.transport().resolve();
        String name = "rtmp-" + options.port();
        bossGroup = transport.newGroup(1, new DefaultThreadFactory(name + "-accept"));
        workerGroup = transport.newGroup(options.ioThreads() > 0 ? options.ioThreads()
                : Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory(name + "-io"));
        channels = new DefaultChannelGroup("rtmp", GlobalEventExecutor.INSTANCE);
        limiter = new ConnectionLimiter(options.maxConnections(), options.maxConnectionsPerAddress(),
                options.proxyProtocol());
        ServerBootstrap bootstrap = bootstrap(workerGroup)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        initPipeline(ch.pipeline());
                    }
                });
        boolean bound = false;
        try {
            serverChannel = bootstrap.bind(options.host(), options.port()).sync().channel();
            bound = true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // the native transport's errors are checked IOExceptions thrown undeclared by sync()
            String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            BindException failed = new BindException("Cannot listen on " + host + ":" + options.port() + ": "
                    + reason(e));
            failed.initCause(e);
            throw failed;
        } finally {
            if (!bound) {
                shutdownGroups();
            }
        }
        LOG.info("{} server listening on {} ({} transport)", options.sslContext() != null ? "RTMPS" : "RTMP",
                serverChannel.localAddress(), transport.displayName());
    }

    /** What went wrong, without the system call that failed: "bind(..) failed with error(-98): " and the like. */
    private static String reason(Exception e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return message.replaceFirst("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
    }

    /** Sets up the handlers of one connection, in the order bytes meet them. */
    void initPipeline(ChannelPipeline p) {
        initConnection(p);
        if (options.sslContext() != null) {
            javax.net.ssl.SSLEngine engine = options.sslContext().createSSLEngine();
            engine.setUseClientMode(false);
            p.addLast("tls", new io.netty.handler.ssl.SslHandler(engine));
        }
        p.addLast("ack", new AcknowledgementHandler());
        if (options.readTimeoutMillis() > 0) {
            p.addLast("idle", new IdleStateHandler(options.readTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        p.addLast("handshake", new HandshakeHandler(options.handshakeTimeoutMillis()));
        p.addLast("chunkDecoder", new ChunkDecoder(options.maxMessageSize(), options.maxChunkStreams()));
        p.addLast("chunkEncoder", new ChunkEncoder());
        p.addLast("session", new ServerSession(this, options));
    }

    /** Closes the listener and every connection; returns once they are closed. */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        LOG.info("RTMP server on {} stopping", serverChannel.localAddress());
        for (Object holder : live.values()) {
            if (holder instanceof LocalPublish publish) {
                publish.end(EndReason.SERVER_STOPPED);
            }
        }
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        serverChannel = null;
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            bossGroup = null;
            workerGroup = null;
        }
        flushers.clear();
    }

    /** The one that writes the players of {@code eventLoop}: one task per turn for all of them. */
    PlayerFlusher flusher(io.netty.channel.EventLoop eventLoop) {
        return flushers.computeIfAbsent(eventLoop, loop -> new PlayerFlusher(loop, options.playerWriteDelayMillis()));
    }

    /**
     * Adds the handlers every connection of this server starts with, also those of another listener of the server
     * (HTTP), first in its pipeline: the PROXY protocol header's ({@code proxyProtocol}; see {@link ProxyProtocol}),
     * then the limiter that counts the connections of all of them against {@code maxConnections} and
     * {@code maxConnectionsPerAddress} (once started).
     */
    public void initConnection(ChannelPipeline p) {
        if (options.proxyProtocol()) {
            ProxyProtocol.addTo(p, proxyRefusals);
        }
        if (limiter != null) {
            p.addLast("limits", limiter);
        }
    }

    /** The bound address, or null when not started. */
    public InetSocketAddress localAddress() {
        Channel channel = serverChannel;
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    /** The connections open now. */
    public int connections() {
        return limiter == null ? 0 : limiter.connections();
    }

    /** Accepts publishes for the target's application (and key) from now on. */
    public void register(PublishTarget target) {
        targets.add(target);
    }

    /** Stops accepting publishes for the target and closes the connections that publish to it. */
    public void unregister(PublishTarget target) {
        targets.remove(target);
        if (channels != null) {
            for (Channel channel : channels) {
                ServerSession session = channel.pipeline().get(ServerSession.class);
                if (session != null) {
                    session.closeIfPublishingTo(target);
                }
            }
        }
    }

    /**
     * Asks every connection that publishes to {@code target} (every connection when null) and announced the
     * capability to reconnect (Enhanced RTMP onStatus NetConnection.Connect.ReconnectRequest).
     *
     * @param tcUrl       where to reconnect, or null for this server
     * @param description a human-readable reason, or null
     * @return the close futures of the connections asked
     */
    public List<io.netty.channel.ChannelFuture> requestReconnect(PublishTarget target, String tcUrl,
            String description) {
        List<io.netty.channel.ChannelFuture> asked = new java.util.ArrayList<>();
        if (channels == null) {
            return asked;
        }
        for (Channel channel : channels) {
            ServerSession session = channel.pipeline().get(ServerSession.class);
            if (session != null && session.supportsReconnectRequest()) {
                io.netty.util.concurrent.Promise<Boolean> check = channel.eventLoop().newPromise();
                channel.eventLoop().execute(() -> {
                    boolean ask = session.publishesTo(target) || target == null;
                    if (ask) {
                        session.requestReconnect(tcUrl, description);
                    }
                    check.setSuccess(ask);
                });
                if (check.awaitUninterruptibly(1, TimeUnit.SECONDS) && Boolean.TRUE.equals(check.getNow())) {
                    asked.add(channel.closeFuture());
                }
            }
        }
        return asked;
    }

    /** Closes the connection with this id, ending its streams with reason ERROR. */
    public void closeConnection(String connectionId, String reason) {
        ServerSession session = session(connectionId);
        if (session != null) {
            session.closeForError(0, null, reason);
        }
    }

    /**
     * Ends a publish because the application failed on it: the publisher gets {@code onStatus} with level
     * {@code error}, the code and the description on its message stream (while that stream is still published),
     * then its connection is closed and its streams end with reason ERROR. Nothing happens when the connection is
     * gone already.
     *
     * @param connectionId    the publisher's connection
     * @param messageStreamId the message stream the publish is on
     * @param statusCode      the onStatus code, e.g. NetStream.Record.Failed
     * @param description     the reason, for the publisher and the log
     */
    public void closePublish(String connectionId, int messageStreamId, String statusCode, String description) {
        ServerSession session = session(connectionId);
        if (session != null) {
            session.closeForError(messageStreamId, statusCode, description);
        }
    }

    private ServerSession session(String connectionId) {
        if (channels != null && connectionId != null) {
            for (Channel channel : channels) {
                if (channel.id().asShortText().equals(connectionId)) {
                    return channel.pipeline().get(ServerSession.class);
                }
            }
        }
        return null;
    }

    boolean hasApplication(String application) {
        for (PublishTarget target : targets) {
            if (target.servesApplication(application)) {
                return true;
            }
        }
        for (ServedPath path : served) {
            if (path.application().equals(application)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where players of {@code application/streamKey} play from: the consumer that accepts its publish, else the
     * path a route serves (see {@link #serve}); null when neither.
     */
    public PublishTarget playTarget(String application, String streamKey) {
        PublishTarget target = resolve(application, streamKey);
        if (target != null) {
            return target;
        }
        for (ServedPath path : served) {
            if (path.target().accepts(application, streamKey)) {
                return path.target();
            }
        }
        return null;
    }

    /**
     * Lets players connect to {@code application} and play {@code streamKey} (every key when null), where the
     * application publishes with {@link #publishLocally}, also before and between its publishes (they wait); who
     * may play is {@code play}'s decision where no consumer serves the path. Each call is undone by one
     * {@link #unserve} call with the same application and key.
     */
    public void serve(String application, String streamKey, PlayPolicy play) {
        served.add(new ServedPath(application, streamKey, new PublishTarget(application, streamKey,
                NO_LISTENER, null, DuplicatePublish.REFUSE, 0, new TrafficStatistics(), play)));
    }

    /** Undoes one {@link #serve} call with the same application and key. */
    public void unserve(String application, String streamKey) {
        for (ServedPath path : served) {
            if (java.util.Objects.equals(path.application(), application)
                    && java.util.Objects.equals(path.streamKey(), streamKey)) {
                served.remove(path);
                return;
            }
        }
    }

    private record ServedPath(String application, String streamKey, PublishTarget target) {
    }

    /** The listener of a path only routes publish: nobody is told of its publishes (players are, by the source). */
    private static final StreamListener NO_LISTENER = new StreamListener() {
        @Override
        public void onPublishStart(PublishInfo stream) {
        }

        @Override
        public void onMessage(PublishInfo stream, MediaMessage message) {
        }

        @Override
        public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
        }
    };

    /**
     * Starts a live publish of {@code application/streamKey} by the application itself (a route): the path becomes
     * live for its players and its consumer as if a connection published it.
     *
     * @param idleTimeoutMillis the publish ends by itself (reason TIMEOUT) when nothing was sent for this long; 0
     *                          never
     * @throws PathInUseException when a connection or another local publish publishes the path now: a route never
     *                            takes a path over, and is never taken over
     */
    public LocalPublish publishLocally(String application, String streamKey, long idleTimeoutMillis)
            throws PathInUseException {
        String path = application + "/" + streamKey;
        Object holder = live.get(path); // a route retries at every frame: no new publish while the path is taken
        if (holder == null) {
            String id = "local-" + localPublishes.incrementAndGet();
            PublishInfo info = new PublishInfo(application, streamKey, streamKey, "live", "local", id, 0, null,
                    java.util.Map.of());
            LocalPublish publish = new LocalPublish(this, info, idleTimeoutMillis);
            holder = live.putIfAbsent(path, publish);
            if (holder == null) {
                publish.start();
                return publish;
            }
        }
        throw inUse(path, holder);
    }

    private static PathInUseException inUse(String path, Object holder) {
        if (holder instanceof LocalPublish other) {
            return new PathInUseException(path, "a route (" + other.info().connectionId() + ")",
                    other.info().connectionId());
        }
        PublishInfo p = holder instanceof ServerSession.NetStream stream ? stream.publish : null;
        return new PathInUseException(path, p == null ? "a connection" : "a connection from " + p.clientAddress()
                + " (connection " + p.connectionId() + ")", p == null ? null : p.connectionId());
    }

    /**
     * Binds another listener of this server (the HTTP one) on the same event loops, transport and socket options, so
     * that its connections are served by the threads that serve RTMP; the server must be running, and that listener must be
     * closed before {@link #stop}.
     */
    public ServerBootstrap bootstrapBeside() {
        EventLoopGroup group = workerGroup;
        if (group == null) {
            throw new IllegalStateException("the RTMP listener is not running");
        }
        return bootstrap(group);
    }

    /** A listener's bootstrap on this server's threads and transport, with the socket options every listener has. */
    private ServerBootstrap bootstrap(EventLoopGroup group) {
        return new ServerBootstrap().group(bossGroup, group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    /** An event loop of the listener, for timers that never block. */
    io.netty.util.concurrent.EventExecutor timers() {
        EventLoopGroup group = workerGroup;
        if (group == null) {
            throw new java.util.concurrent.RejectedExecutionException("the listener is not running");
        }
        return group.next();
    }

    /**
     * The target for a publish, the most specific first: one registered for this application and key, then one for
     * this application and any key, then one for any application.
     */
    PublishTarget resolve(String application, String streamKey) {
        PublishTarget best = null;
        int bestRank = -1;
        for (PublishTarget target : targets) {
            if (target.accepts(application, streamKey)) {
                int rank = (target.application() != null ? 2 : 0) + (target.streamKey() != null ? 1 : 0);
                if (rank > bestRank) {
                    best = target;
                    bestRank = rank;
                }
            }
        }
        return best;
    }

    /** Makes {@code stream} the publisher of {@code path} if nobody does: returns null then, else the one that does. */
    Object claimLive(String path, ServerSession.NetStream stream) {
        return live.putIfAbsent(path, stream);
    }

    /** Makes {@code stream} the publisher of {@code path} instead of {@code current}, unless that is no longer it. */
    boolean takeOverLive(String path, ServerSession.NetStream current, ServerSession.NetStream stream) {
        return live.replace(path, current, stream);
    }

    void releaseLive(String path, Object stream) {
        live.remove(path, stream);
    }

    /** The source of {@code path}, made when nobody publishes or plays it yet. */
    LiveSource source(String path) {
        return sources.computeIfAbsent(path,
                p -> new LiveSource(options.gopCacheMaxFrames(), options.gopCacheMaxBytes(), memoryBudget()));
    }

    /**
     * Lets {@code sink} play {@code path} (application/key) like an RTMP player: it gets the start sequence now when
     * the path is published, else all once it is, then every live message. Each call is undone by one
     * {@link #removeSink} call.
     */
    public void addSink(String path, LiveSink sink) {
        source(path).addPlayer(sink);
    }

    /**
     * {@code sink} stops playing {@code path}.
     *
     * @return what it was sent and dropped
     */
    public PlayStats removeSink(String path, LiveSink sink) {
        LiveSource source = sources.get(path);
        if (source == null) {
            return new PlayStats(0, 0, 0);
        }
        source.removePlayer(sink);
        PlayStats stats = source.stats(sink);
        releaseSource(path);
        return stats;
    }

    /** What {@code sink}, playing {@code path}, was sent and dropped so far. */
    public PlayStats playStats(String path, LiveSink sink) {
        LiveSource source = sources.get(path);
        return source == null ? new PlayStats(sink.sent(), sink.dropped(), sink.bytesSent()) : source.stats(sink);
    }

    /** Whether somebody publishes {@code path} (application/key) now. */
    public boolean published(String path) {
        LiveSource source = sources.get(path);
        return source != null && source.published();
    }

    /** Forgets the source of {@code path} once nobody publishes or plays it. */
    void releaseSource(String path) {
        sources.computeIfPresent(path, (p, source) -> source.unused() ? null : source);
    }

    /** Listener-wide counters (read pauses); what each consumer received is in its {@link PublishTarget}. */
    public TrafficStatistics statistics() {
        return statistics;
    }

    /**
     * The streams being published now, to {@code target} (to any target when null), in path order, those routes
     * publish included. Each is read on its connection's event loop; a connection that does not answer within a
     * second is left out.
     */
    public List<LiveStream> liveStreams(PublishTarget target) {
        List<java.util.concurrent.Future<LiveStream>> answers = new java.util.ArrayList<>();
        for (Object holder : live.values()) {
            if (holder instanceof LocalPublish publish) {
                if (target == null || publish.target() == target) {
                    answers.add(java.util.concurrent.CompletableFuture.completedFuture(publish.snapshot()));
                }
                continue;
            }
            if (!(holder instanceof ServerSession.NetStream stream)) {
                continue;
            }
            java.util.concurrent.Callable<LiveStream> read = () -> target == null || stream.target == target
                    ? stream.snapshot() : null;
            io.netty.util.concurrent.EventExecutor loop = stream.session().executor();
            if (loop.inEventLoop()) {
                answers.add(java.util.concurrent.CompletableFuture.completedFuture(call(read)));
            } else {
                answers.add(loop.submit(read));
            }
        }
        List<LiveStream> streams = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<LiveStream> answer : answers) {
            try {
                LiveStream stream = answer.get(1, TimeUnit.SECONDS);
                if (stream != null) {
                    streams.add(stream);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                     | java.util.concurrent.CancellationException e) {
                LOG.debug("A live stream did not answer: {}", e.toString());
            }
        }
        streams.sort(java.util.Comparator.comparing(s -> s.info().path()));
        return streams;
    }

    private static LiveStream call(java.util.concurrent.Callable<LiveStream> read) {
        try {
            return read.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Closes the connection that publishes {@code path} ({@code application/streamKey}) to {@code target}; its
     * streams end with reason ERROR. Returns whether such a stream was live.
     */
    public boolean disconnect(PublishTarget target, String path, String reason) {
        if (!(live.get(path) instanceof ServerSession.NetStream stream)) {
            return false;
        }
        for (LiveStream s : liveStreams(target)) {
            if (s.info().path().equals(path)) {
                stream.session().closeForError(stream.id, null, reason);
                return true;
            }
        }
        return false;
    }

    /** The clock of the time budgets, in nanoseconds. */
    long nanoTime() {
        return nanoClock.getAsLong();
    }

    /** Replaces the clock of the time budgets: for tests that drive time. */
    void nanoClock(LongSupplier clock) {
        this.nanoClock = clock;
    }

    /** Runs the listeners' calls and authorizers: never an event loop. */
    public Executor deliveryExecutor() {
        return deliveryExecutor;
    }

    /** The memory all connections of this listener may hold together (queued and partially received payloads). */
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }
}
