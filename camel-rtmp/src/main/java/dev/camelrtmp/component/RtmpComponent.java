package dev.camelrtmp.component;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import dev.camelrtmp.server.RtmpServer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code rtmp:} component. Its consumers host RTMP servers; consumers that listen on the same host and port
 * share one listener, each serving its own application (and stream key). Its producers publish to remote servers.
 */
@Component("rtmp,rtmps")
public class RtmpComponent extends DefaultComponent {

    private final Map<String, SharedServer> servers = new HashMap<>();
    private io.netty.channel.EventLoopGroup clientGroup;
    private Class<? extends io.netty.channel.socket.SocketChannel> clientChannelType;

    /** The event loops of the producers' connections, started on first use. */
    synchronized io.netty.channel.EventLoopGroup clientGroup() {
        if (clientGroup == null) {
            boolean epoll = io.netty.channel.epoll.Epoll.isAvailable();
            clientGroup = new io.netty.channel.MultiThreadIoEventLoopGroup(0, epoll
                    ? io.netty.channel.epoll.EpollIoHandler.newFactory()
                    : io.netty.channel.nio.NioIoHandler.newFactory());
            clientChannelType = epoll ? io.netty.channel.epoll.EpollSocketChannel.class
                    : io.netty.channel.socket.nio.NioSocketChannel.class;
        }
        return clientGroup;
    }

    synchronized Class<? extends io.netty.channel.socket.SocketChannel> clientChannelType() {
        clientGroup();
        return clientChannelType;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RtmpConfiguration configuration = new RtmpConfiguration();
        configuration.setSecure(uri.startsWith("rtmps:"));
        if (configuration.isSecure()) {
            configuration.setPort(443); // the rtmps default, unless the URI names a port
        }
        RtmpUri.parse(remaining, configuration);
        RtmpEndpoint endpoint = new RtmpEndpoint(uri, this, configuration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** Starts, or joins, the listener for the configuration's host and port. */
    synchronized RtmpServer acquireServer(RtmpConfiguration configuration) throws Exception {
        String address = configuration.getHost() + ":" + configuration.getPort();
        SharedServer shared = servers.get(address);
        if (shared == null) {
            ExecutorService executor = getCamelContext().getExecutorServiceManager()
                    .newCachedThreadPool(this, "RtmpDelivery[" + address + "]");
            javax.net.ssl.SSLContext sslContext = configuration.isSecure() ? sslContext(configuration) : null;
            RtmpServer server = new RtmpServer(configuration.toServerOptions(sslContext), executor);
            try {
                server.start();
            } catch (Exception e) {
                getCamelContext().getExecutorServiceManager().shutdownNow(executor);
                throw e;
            }
            shared = new SharedServer(server, executor);
            servers.put(address, shared);
        }
        shared.users++;
        return shared.server;
    }

    /** The TLS context of an rtmps endpoint: its sslContextParameters, or the JVM's default. */
    javax.net.ssl.SSLContext sslContext(RtmpConfiguration configuration) throws Exception {
        if (configuration.getSslContextParameters() != null) {
            return configuration.getSslContextParameters().createSSLContext(getCamelContext());
        }
        return javax.net.ssl.SSLContext.getDefault();
    }

    /** Leaves the listener; the last one to leave stops it. */
    synchronized void releaseServer(RtmpConfiguration configuration) {
        String address = configuration.getHost() + ":" + configuration.getPort();
        SharedServer shared = servers.get(address);
        if (shared != null && --shared.users == 0) {
            servers.remove(address);
            shared.server.stop();
            getCamelContext().getExecutorServiceManager().shutdown(shared.executor);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        for (SharedServer shared : servers.values()) {
            shared.server.stop();
            getCamelContext().getExecutorServiceManager().shutdown(shared.executor);
        }
        servers.clear();
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS)
                    .awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
            clientGroup = null;
        }
        super.doStop();
    }

    private static final class SharedServer {
        final RtmpServer server;
        final ExecutorService executor;
        int users;

        SharedServer(RtmpServer server, ExecutorService executor) {
            this.server = server;
            this.executor = executor;
        }
    }
}
