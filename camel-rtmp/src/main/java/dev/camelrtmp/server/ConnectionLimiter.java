package dev.camelrtmp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the most connections in all and per client address: a connection over either limit is closed at once
 * with a logged reason (at most ten lines a second, see {@link RefusalLog}). One instance serves every connection
 * of a listener.
 * <p>
 * With the PROXY protocol the client address is known only once the connection's header has been read: a
 * connection then counts against {@code maxConnections} from its start, and against
 * {@code maxConnectionsPerAddress} from {@link ProxyProtocol.Accepted} on, keyed by the address the header named
 * (the balancer's for a {@code LOCAL} header). Without it both count from the start, keyed by the TCP peer.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    /** The address a connection is counted under in {@link #perAddress}, once it is. */
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf(ConnectionLimiter.class,
            "counted");

    private final int maxConnections;
    private final int maxPerAddress;
    private final boolean proxyProtocol;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final RefusalLog refusals = RefusalLog.perListener(LOG, System::nanoTime);

    /**
     * @param proxyProtocol whether connections start with a PROXY protocol header, which names the address that
     *                      {@code maxPerAddress} counts
     */
    ConnectionLimiter(int maxConnections, int maxPerAddress, boolean proxyProtocol) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.proxyProtocol = proxyProtocol;
    }

    int connections() {
        return total.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int all = total.incrementAndGet();
        if (maxConnections > 0 && all > maxConnections) {
            refusals.refused("Refused connection from {}: {} connections are the limit (maxConnections)",
                    ProxyProtocol.text(ctx.channel().remoteAddress()), maxConnections);
            ctx.close();
            return;
        }
        if (!proxyProtocol && ctx.channel().remoteAddress() instanceof InetSocketAddress inet
                && !withinPerAddress(ctx, inet)) {
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ProxyProtocol.Accepted accepted && accepted.client() != null
                && !withinPerAddress(ctx, accepted.client())) {
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /** Counts the connection under its client's address; closes it and returns false past the limit. */
    private boolean withinPerAddress(ChannelHandlerContext ctx, InetSocketAddress client) {
        InetAddress address = client.getAddress();
        if (address == null || ctx.channel().attr(COUNTED).setIfAbsent(address) != null) {
            return true;
        }
        int[] mine = new int[1];
        perAddress.compute(address, (a, count) -> {
            AtomicInteger c = count != null ? count : new AtomicInteger();
            mine[0] = c.incrementAndGet();
            return c;
        });
        if (maxPerAddress > 0 && mine[0] > maxPerAddress) {
            String via = proxyProtocol ? " (through " + ProxyProtocol.text(ctx.channel().remoteAddress()) + ")" : "";
            refusals.refused("Refused connection from {}{}: {} connections from one address are the limit "
                    + "(maxConnectionsPerAddress)", ProxyProtocol.text(client), via, maxPerAddress);
            ctx.close();
            return false;
        }
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        total.decrementAndGet();
        InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            // per key atomic with the increment above: an address is never dropped while a connection counts on it
            perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
        super.channelInactive(ctx);
    }
}
