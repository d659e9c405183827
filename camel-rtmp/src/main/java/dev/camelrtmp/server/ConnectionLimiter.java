package dev.camelrtmp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the most connections in all and per client address: a connection over either limit is closed at once
 * with a logged reason (at most ten lines a second, see {@link RefusalLog}). One instance serves every connection
 * of a listener.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final RefusalLog refusals = RefusalLog.perListener(LOG, System::nanoTime);

    ConnectionLimiter(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    int connections() {
        return total.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress()
                : null;
        int all = total.incrementAndGet();
        int mine = address == null ? 0 : perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (maxConnections > 0 && all > maxConnections) {
            refusals.refused("Refused connection from {}: {} connections are the limit (maxConnections)",
                    ctx.channel().remoteAddress(), maxConnections);
            ctx.close();
            return;
        }
        if (maxPerAddress > 0 && mine > maxPerAddress) {
            refusals.refused("Refused connection from {}: {} connections from one address are the limit "
                    + "(maxConnectionsPerAddress)", ctx.channel().remoteAddress(), maxPerAddress);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        total.decrementAndGet();
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress inet) {
            AtomicInteger count = perAddress.get(inet.getAddress());
            if (count != null && count.decrementAndGet() <= 0) {
                perAddress.remove(inet.getAddress(), count);
            }
        }
        super.channelInactive(ctx);
    }
}
