package dev.camelrtmp.transport;

import java.util.concurrent.ThreadFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * A Netty transport: its event loop groups and channel classes. {@link #AUTO} takes epoll where it is available
 * and NIO elsewhere; {@link #IO_URING} needs Netty 4.2 with {@code netty-transport-native-io_uring} on the class
 * path and a kernel that allows io_uring.
 * <p>
 * Built on the event loop API that Netty 4.1 and 4.2 share (4.2 deprecates it but keeps it), so one jar runs on
 * both lines: Spring Boot 3.5, Quarkus 3 and Camel 4.18 bring Netty 4.1, Spring Boot 4 and Camel 4.22 bring 4.2.
 */
@SuppressWarnings("deprecation")
public enum Transport {

    /** Epoll where available, NIO otherwise. */
    AUTO,
    /** Java NIO: everywhere. */
    NIO,
    /** Linux epoll (netty-transport-native-epoll). */
    EPOLL,
    /** Linux io_uring (Netty 4.2's netty-transport-native-io_uring). */
    IO_URING;

    private static final String URING = "io.netty.channel.uring.";

    /**
     * The transport this one stands for here: {@link #AUTO} resolved, the others checked.
     *
     * @throws IllegalStateException when the transport asked for is not available, with the reason
     */
    public Transport resolve() {
        return switch (this) {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case NIO -> NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("the epoll transport is not available: "
                            + Epoll.unavailabilityCause());
                }
                yield EPOLL;
            }
            case IO_URING -> {
                String unavailable = ioUringUnavailability();
                if (unavailable != null) {
                    throw new IllegalStateException("the io_uring transport is not available: " + unavailable);
                }
                yield IO_URING;
            }
        };
    }

    /** Whether {@link #resolve()} succeeds here. */
    public boolean isAvailable() {
        return switch (this) {
            case AUTO, NIO -> true;
            case EPOLL -> Epoll.isAvailable();
            case IO_URING -> ioUringUnavailability() == null;
        };
    }

    /** A group of event loops of this transport ({@link #resolve() resolved}); 0 threads for Netty's default. */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return switch (resolve()) {
            case EPOLL -> new EpollEventLoopGroup(threads, threadFactory);
            case IO_URING -> ioUringGroup(threads, threadFactory);
            default -> new NioEventLoopGroup(threads, threadFactory);
        };
    }

    /** The listening channel class of this transport. */
    @SuppressWarnings("unchecked")
    public Class<? extends ServerChannel> serverChannel() {
        return switch (resolve()) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> (Class<? extends ServerChannel>) uringClass("IoUringServerSocketChannel");
            default -> NioServerSocketChannel.class;
        };
    }

    /** The connecting channel class of this transport. */
    @SuppressWarnings("unchecked")
    public Class<? extends SocketChannel> socketChannel() {
        return switch (resolve()) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> (Class<? extends SocketChannel>) uringClass("IoUringSocketChannel");
            default -> NioSocketChannel.class;
        };
    }

    /** The name used in logs and options: lower case. */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String ioUringUnavailability() {
        try {
            Class<?> ioUring = Class.forName(URING + "IoUring");
            if (!(Boolean) ioUring.getMethod("isAvailable").invoke(null)) {
                return String.valueOf(ioUring.getMethod("unavailabilityCause").invoke(null));
            }
            Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup");
            return null;
        } catch (ClassNotFoundException e) {
            return "it needs Netty 4.2 and io.netty:netty-transport-native-io_uring (linux-x86_64) on the class path";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e.toString();
        }
    }

    private static Class<?> uringClass(String simpleName) {
        try {
            return Class.forName(URING + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the io_uring transport is not available: " + e.getMessage(), e);
        }
    }

    /** Netty 4.2: {@code new MultiThreadIoEventLoopGroup(threads, threadFactory, IoUringIoHandler.newFactory())}. */
    private static EventLoopGroup ioUringGroup(int threads, ThreadFactory threadFactory) {
        try {
            Object factory = uringClass("IoUringIoHandler").getMethod("newFactory").invoke(null);
            Class<?> factoryType = Class.forName("io.netty.channel.IoHandlerFactory");
            Class<?> group = Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup");
            return (EventLoopGroup) group.getConstructor(int.class, ThreadFactory.class, factoryType)
                    .newInstance(threads, threadFactory, factory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start io_uring event loops: " + e, e);
        }
    }
}
